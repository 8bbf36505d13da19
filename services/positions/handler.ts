// GET /api/positions — open positions with unrealized P&L.
import type { Domain } from '../domain/domain.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { signalOf } from '../http/abortSignal.ts';

export function positionsHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/positions', async (_req, res) => {
      res.json(await domain.portfolio.positions(signalOf(res)));
    });
  });
}
