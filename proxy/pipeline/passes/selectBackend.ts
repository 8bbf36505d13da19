// Matches the route and decides legacy or new; unmatched requests go to legacy as route `unmatched`.
import { pathOf } from '../../http/requestTarget.ts';
import { findRoute } from '../../routing/matchRoute.ts';
import { pickBackend } from '../../routing/pickBackend.ts';
import { UNMATCHED_ROUTE_ID } from '../../routing/routeTable.ts';
import type { Pass } from '../context.ts';

export const selectBackend: Pass = (req, res, ctx) => {
  ctx.path = pathOf(req.url ?? '/');
  ctx.route = findRoute(ctx.snapshot, req.method ?? 'GET', ctx.path);
  if (ctx.route) {
    ctx.routeId = ctx.route.id;
    ctx.choice = pickBackend(ctx.route, req, ctx.snapshot);
    ctx.backend = ctx.choice.backend;
  } else {
    ctx.routeId = UNMATCHED_ROUTE_ID;
    ctx.backend = 'legacy';
  }
  res.setHeader('x-strangler-backend', ctx.backend);
};
