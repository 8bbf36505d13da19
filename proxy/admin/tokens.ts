// Admin tokens: `name=token` pairs from STRANGLER_ADMIN_TOKENS (comma or newline separated) or from the
// file named by STRANGLER_ADMIN_TOKEN_FILE (one pair per line, `#` comments). The name is what the audit
// log records; the token itself is never logged.
import { readFileSync } from 'node:fs';
import { StartupError } from '../config/startupError.ts';

export const MIN_TOKEN_LENGTH = 16;

export interface AdminToken {
  name: string;
  token: string;
}

export class AdminTokensError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'AdminTokensError';
  }
}

export function parseAdminTokens(text: string, source: string): AdminToken[] {
  const tokens: AdminToken[] = [];
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  for (const [index, entry] of entries.entries()) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    const token = entry.slice(eq + 1).trim();
    if (eq <= 0 || !/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) {
      throw new AdminTokensError(
        `${source}: entry ${index + 1} must be name=token with a name of A-Z a-z 0-9 _ . @ - (e.g. alice=<token>)`,
      );
    }
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new AdminTokensError(
        `${source}: the token of "${name}" is shorter than ${MIN_TOKEN_LENGTH} characters — generate one with: openssl rand -hex 24`,
      );
    }
    if (tokens.some((t) => t.name === name))
      throw new AdminTokensError(`${source}: the name "${name}" appears twice — names must be unique`);
    tokens.push({ name, token });
  }
  return tokens;
}

/** Reads STRANGLER_ADMIN_TOKENS, else the STRANGLER_ADMIN_TOKEN_FILE file; none set ⇒ no tokens. */
export function loadAdminTokens(env: NodeJS.ProcessEnv = process.env): AdminToken[] {
  if (env.STRANGLER_ADMIN_TOKENS) return parseAdminTokens(env.STRANGLER_ADMIN_TOKENS, 'STRANGLER_ADMIN_TOKENS');
  const file = env.STRANGLER_ADMIN_TOKEN_FILE;
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AdminTokensError(
      `STRANGLER_ADMIN_TOKEN_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return parseAdminTokens(text, file);
}
