// GET /api/balances — balances per asset, valued at market.
import type { Domain } from '../domain/domain.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { signalOf } from '../http/abortSignal.ts';

export function balancesHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/balances', async (_req, res) => {
      res.json(await domain.portfolio.balances(signalOf(res)));
    });
  });
}
