// What Node's ServerResponse would refuse to write, checked before anything of an upstream response is
// written, by both forwarders alike. Node throws from writeHead / writeEarlyHints on a status outside
// 100-999, a control character in the reason phrase or an invalid header name or value — and it has
// already copied part of the headers when it throws, and writeEarlyHints writes names unchecked. So the
// whole head is checked first: an invalid one becomes UPSTREAM_INVALID_RESPONSE, never a throw.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';

/** A response head's headers as either forwarder holds them (node:http's `headers`, undici's pairs folded). */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** Node's own rule for a reason phrase (and header values): tab, visible ASCII, obs-text. */
const INVALID_TEXT = /[^\t\x20-\x7e\x80-\xff]/;

export class InvalidUpstreamHead extends Error {
  override readonly name = 'InvalidUpstreamHead';
}

/** Throws InvalidUpstreamHead unless `status reason` is a final status line Node can write. */
export function checkFinalStatus(status: number, reason: string): void {
  if (!Number.isInteger(status) || status < 200 || status > 999) {
    throw new InvalidUpstreamHead(`status ${status} is not a final status code (200-999)`);
  }
  if (INVALID_TEXT.test(reason)) {
    throw new InvalidUpstreamHead(`status ${status} has control characters in its reason phrase`);
  }
}

/** Throws InvalidUpstreamHead on the first name or value Node would refuse to write. */
export function checkHeaders(headers: HeaderMap): void {
  for (const name in headers) {
    const value = headers[name];
    try {
      validateHeaderName(name);
      if (Array.isArray(value)) for (const one of value) validateHeaderValue(name, one);
      else if (value !== undefined) validateHeaderValue(name, value);
    } catch (invalid) {
      const detail = `header ${JSON.stringify(name)}: ${(invalid as Error).message}`;
      throw new InvalidUpstreamHead(detail, { cause: invalid });
    }
  }
}

/** What a throw inside a forwarder callback means for the client: 502 for a bad upstream head, else 500. */
export function failureOf(error: unknown): ProxyError {
  const code = error instanceof InvalidUpstreamHead ? 'UPSTREAM_INVALID_RESPONSE' : 'INTERNAL_ERROR';
  return new ProxyError(code, { cause: error });
}

export type Informational =
  | { kind: 'continue' }
  | { kind: 'early-hints'; headers: Record<string, string | string[]> & { link: string | string[] } }
  | { kind: 'drop' };

/**
 * What to do with an upstream 1xx: 100 Continue and 103 Early Hints (with a Link, the only kind Node can
 * write) are relayed, 102 and unknown 1xx codes dropped. Throws InvalidUpstreamHead on a 101 nobody asked
 * for (the proxy never forwards Upgrade on this path) and on a 103 with a header Node would refuse.
 */
export function informational(status: number, headers: HeaderMap): Informational {
  if (status === 101) throw new InvalidUpstreamHead('101 Switching Protocols to a request that asked for no upgrade');
  if (status === 100) return { kind: 'continue' };
  if (status !== 103) return { kind: 'drop' };
  checkHeaders(headers);
  const { link, ...rest } = headers;
  if (link === undefined) return { kind: 'drop' };
  const hints: Record<string, string | string[]> = {};
  for (const name in rest) if (rest[name] !== undefined) hints[name] = rest[name];
  return { kind: 'early-hints', headers: { ...hints, link } };
}
