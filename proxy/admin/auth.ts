// Bearer-token auth for the admin API. Without configured tokens the API is open, which start-up only
// allows on a loopback address (see bindSafety.ts). The matched token's name is kept in res.locals for
// the audit log; tokens themselves never leave this file.
import type { RequestHandler } from 'express';
import { sendAdminError } from './adminErrors.ts';
import type { FailedAuthLimiter } from './failedAuthLimiter.ts';
import { tokenMatcher } from './tokenCheck.ts';
import type { AdminToken } from './tokens.ts';

/** The actor recorded when no tokens are configured (loopback-only admin listener). */
export const LOCAL_ACTOR = 'local';

export function requireAdminToken(tokens: readonly AdminToken[], limiter: FailedAuthLimiter): RequestHandler {
  const match = tokenMatcher(tokens);
  return (req, res, next) => {
    if (tokens.length === 0) {
      res.locals.adminActor = LOCAL_ACTOR;
      return next();
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.wait(client);
    if (wait.seconds > 0) {
      res.set('retry-after', String(wait.seconds));
      const from = wait.scope === 'global' ? 'from all addresses together' : 'from this address';
      return sendAdminError(
        res,
        429,
        'TOO_MANY_FAILED_AUTH',
        `too many failed admin logins ${from} — retry in ${wait.seconds} s`,
      );
    }
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const name = bearer === undefined ? undefined : match(bearer);
    if (name === undefined) {
      limiter.recordFailure(client);
      res.set('www-authenticate', 'Bearer realm="strangler-admin"');
      const message =
        bearer === undefined
          ? 'missing admin token — send "Authorization: Bearer <token>" (CLI: set STRANGLER_ADMIN_TOKEN)'
          : "wrong admin token — check STRANGLER_ADMIN_TOKEN against the proxy's STRANGLER_ADMIN_TOKENS";
      return sendAdminError(res, 401, 'UNAUTHORIZED', message);
    }
    res.locals.adminActor = name;
    next();
  };
}
