// The admin listener's request handler: probes answered at once (probes.ts), everything else — metrics,
// the admin API, the dashboard — by the express app, which is imported and built at the first such
// request. An idle proxy then never holds express, its routers and the dashboard (≈ 12 MB RSS, issue 15).
import type http from 'node:http';
import type { Logger } from 'pino';
import { answerProbe } from './probes.ts';
import type { AdminDeps } from './server.ts';

export function lazyAdminApp(deps: AdminDeps, logger: Logger): http.RequestListener {
  let app: Promise<http.RequestListener> | undefined;
  const probes = { isReady: deps.isReady, configHash: () => deps.live.current().hash };
  return (req, res) => {
    if (answerProbe(req, res, probes)) return;
    app ??= import('./server.ts').then(({ createAdminApp }) => createAdminApp(deps) as unknown as http.RequestListener);
    app.then(
      (handle) => handle(req, res),
      (error: unknown) => {
        app = undefined; // the next request tries again
        logger.error({ err: error }, 'the admin app failed to load');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('admin app failed to load; see the proxy log\n');
      },
    );
  };
}
