// Gives each request an AbortSignal that fires when the client goes away before the response finished,
// so slow domain calls (market data, backtests) stop instead of working for nobody.
import type { NextFunction, Request, Response } from 'express';

export function abortOnClientClose(_req: Request, res: Response, next: NextFunction): void {
  const controller = new AbortController();
  res.locals.signal = controller.signal;
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  next();
}

export function signalOf(res: Response): AbortSignal {
  return res.locals.signal as AbortSignal;
}
