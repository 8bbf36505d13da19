// The admin listener's express app: health, readiness and Prometheus metrics, then the control plane
// (token-protected under /admin) built from a list of mount functions so other areas add their routers.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Registry } from 'prom-client';
import type { LiveConfig } from '../config/live.ts';
import type { AdminContext, AdminMount } from './adminContext.ts';
import { sendAdminError } from './adminErrors.ts';
import { StoreUnavailableError } from '../controlplane/storeUnavailable.ts';
import { mountAuditApi } from './auditApi.ts';
import { mountDiscoverApi } from '../discover/discoverApi.ts';
import { mountDashboard } from './dashboard/mountDashboard.ts';
import { refuseForeignRequests } from './foreignRequests.ts';
import { answerProbe } from './probes.ts';
import { mountRoutesApi } from './routesApi.ts';
import { mountStatsApi } from './statsApi.ts';

export const BUILT_IN_ADMIN_MOUNTS: readonly AdminMount[] = [
  mountRoutesApi,
  mountAuditApi,
  mountStatsApi,
  mountDiscoverApi,
  mountDashboard,
];
const MAX_ADMIN_BODY = '16kb';

export interface AdminDeps {
  live: LiveConfig;
  registry: Registry;
  /** False while starting or draining: /readyz answers 503 so load balancers stop sending traffic. */
  isReady: () => boolean;
  /** The control plane; without it only health, readiness and metrics are served. */
  control?: AdminContext;
  /** Extra routers, mounted after the built-in ones. */
  mounts?: readonly AdminMount[];
  /** config `admin.metricsRequireToken`: protect /metrics with the admin token too. */
  metricsRequireToken?: boolean;
  /** The host the admin listener binds and config `admin.allowedHosts`: the Host names it answers to. */
  listenerHost?: string;
  allowedHosts?: readonly string[];
}

export function createAdminApp(deps: AdminDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const probes = { isReady: deps.isReady, configHash: () => deps.live.current().hash };
  app.use((req, res, next) => (answerProbe(req, res, probes) ? undefined : next()));
  // Probes above answer any Host; metrics, the admin API and the dashboard only their own (foreignRequests.ts).
  app.use(refuseForeignRequests(deps.listenerHost ?? '127.0.0.1', deps.allowedHosts ?? []));
  const metricsGuard = deps.metricsRequireToken && deps.control ? [deps.control.requireToken] : [];
  app.get('/metrics', ...metricsGuard, async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  if (deps.control) mountControlPlane(app, deps.control, [...BUILT_IN_ADMIN_MOUNTS, ...(deps.mounts ?? [])]);
  return app;
}

function mountControlPlane(app: Express, context: AdminContext, mounts: readonly AdminMount[]): void {
  // Auth first: bodies of unauthenticated requests are never parsed.
  app.use('/admin', context.requireToken, express.json({ limit: MAX_ADMIN_BODY }));
  for (const mount of mounts) mount(app, context);
  app.use('/admin', (req, res) => {
    sendAdminError(
      res,
      404,
      'NOT_FOUND',
      `no admin endpoint ${req.method} ${req.originalUrl} — see docs/ADMIN.md "Endpoints"`,
    );
  });
  app.use(adminErrorHandler(context));
}

function adminErrorHandler(context: AdminContext): ErrorRequestHandler {
  return (error: { status?: number; type?: string; message?: string }, req, res, _next) => {
    if (error.type === 'entity.parse.failed')
      return sendAdminError(res, 400, 'INVALID_JSON', `the body is not valid JSON: ${error.message ?? ''}`);
    if (error.type === 'entity.too.large')
      return sendAdminError(res, 413, 'BODY_TOO_LARGE', `admin request bodies are limited to ${MAX_ADMIN_BODY}`);
    // A read from the shared store (the audit trail) while Postgres is down.
    if (error instanceof StoreUnavailableError) return sendAdminError(res, 503, 'STORE_UNAVAILABLE', error.message);
    context.logger.error({ err: error, method: req.method, path: req.path }, 'admin request failed');
    sendAdminError(res, 500, 'ADMIN_FAILED', `the admin request failed: ${error.message ?? String(error)}`);
  };
}
