// GET /api/status — bot status.
import type { Domain } from '../domain/domain.ts';
import { handlerApp } from '../http/handlerApp.ts';

export function statusHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/status', async (_req, res) => {
      res.json(await domain.monitoring.status());
    });
  });
}
