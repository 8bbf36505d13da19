// Constant-time token check that leaks neither content nor length: both sides are reduced to HMAC
// digests (same length whatever the input) under a per-process random key, then compared with
// timingSafeEqual against every known token without stopping at the first match.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AdminToken } from './tokens.ts';

export type TokenMatcher = (presented: string) => string | undefined;

/** Returns the name of the token that matches, or undefined. */
export function tokenMatcher(tokens: readonly AdminToken[]): TokenMatcher {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest();
  const known = tokens.map(({ name, token }) => ({ name, digest: digest(token) }));
  return (presented) => {
    const presentedDigest = digest(presented);
    let matched: string | undefined;
    for (const entry of known) {
      if (timingSafeEqual(entry.digest, presentedDigest) && matched === undefined) matched = entry.name;
    }
    return matched;
  };
}
