// X-API-Key check against the keys in the bot config (none configured = open), answering legacy's 401 body.
import type { NextFunction, Request, Response } from 'express';
import type { ConfigService } from '../domain/config/configService.ts';
import { UNAUTHORIZED } from '../contract/errorBodies.ts';

export function apiKeyAuth(config: ConfigService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (await config.isAuthorized(req.get('x-api-key'))) return next();
    res.status(UNAUTHORIZED.status).json(UNAUTHORIZED.body);
  };
}
