// GET /api/monitoring — component health and counters.
import type { Domain } from '../domain/domain.ts';
import { handlerApp } from '../http/handlerApp.ts';

export function monitoringHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/monitoring', async (_req, res) => {
      res.json(await domain.monitoring.health());
    });
  });
}
