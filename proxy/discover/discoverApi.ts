// GET /admin/discover — the traffic no route matched, by inferred path template (discoverTable.ts), leaving
// out templates a route added since then takes, busiest first. Per replica,
// or summed over replicas on the Postgres store (controlplane/postgres/discoverSync.ts).
import type { AdminMount } from '../admin/adminContext.ts';
import { findRoute } from '../routing/matchRoute.ts';
import { rankDiscovered, routePathOf } from './rankDiscovered.ts';

export const mountDiscoverApi: AdminMount = (app, context) => {
  app.get('/admin/discover', (_req, res) => {
    const snapshot = context.live.current();
    const document = context.discover.document();
    // A template's own path stands for its requests: `:param` matches any route's `:name` segment.
    const open = document.endpoints.filter(
      (e) => !findRoute(snapshot, e.method, routePathOf(e.template).replace(/\/\*$/, '')),
    );
    res.set('cache-control', 'no-store').json({ ...document, endpoints: rankDiscovered(open, 'traffic') });
  });
};
