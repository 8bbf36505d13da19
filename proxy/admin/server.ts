// The admin listener's express app: health, readiness and Prometheus metrics; the admin API mounts here too.
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { LiveConfig } from '../config/live.ts';

export interface AdminDeps {
  live: LiveConfig;
  registry: Registry;
  /** False while starting or draining: /readyz answers 503 so load balancers stop sending traffic. */
  isReady: () => boolean;
}

export function createAdminApp(deps: AdminDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const ready = deps.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', configHash: deps.live.current().hash });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  return app;
}
