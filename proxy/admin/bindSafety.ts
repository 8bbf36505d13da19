// An admin listener reachable from other machines must never run without a token.
import { isIP } from 'node:net';
import { StartupError } from '../config/startupError.ts';

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host.startsWith('::ffff:127.');
}

export function assertAdminBindSafe(host: string, tokenCount: number): void {
  if (tokenCount > 0 || isLoopbackHost(host)) return;
  throw new StartupError(
    `refusing to start: the admin listener binds ${host}, which is not loopback, and no admin token is configured — ` +
      'set STRANGLER_ADMIN_TOKENS=name=token (or STRANGLER_ADMIN_TOKEN_FILE), or bind admin.host to 127.0.0.1',
  );
}
