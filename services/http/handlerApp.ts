// The express 5 app every new handler is: abort signal, the sandbox scope for `x-strangler-shadow: sandbox`,
// optional API-key auth, JSON bodies, the endpoint's routes, then legacy-compatible error answers. Unknown
// errors go on to the proxy's `done(err)`.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { toErrorResponse } from '../contract/errorResponse.ts';
import type { Domain } from '../domain/domain.ts';
import { SHADOW_HEADER } from '../../proxy/cutover/shadow/shadowHeader.ts';
import { isSandboxRequest, runSandboxed } from '../domain/sandbox.ts';
import { abortOnClientClose, signalOf } from './abortSignal.ts';
import { apiKeyAuth } from './apiKeyAuth.ts';

export const JSON_BODY_LIMIT = '1mb';

export function handlerApp(
  domain: Domain,
  mountRoutes: (app: Express) => void,
  options: { auth?: boolean } = {},
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(abortOnClientClose);
  // A sandboxed shadow copy runs the whole request, auth included, inside the sandbox scope (sandbox.ts).
  app.use((req, _res, next) => (isSandboxRequest(req.get(SHADOW_HEADER)) ? runSandboxed(next) : next()));
  if (options.auth ?? true) app.use(apiKeyAuth(domain.config));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  mountRoutes(app);
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const known = toErrorResponse(error);
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    if (signalOf(res).aborted) return; // the client is gone: nobody to answer
    next(error);
  });
  return app;
}
