// GET /admin/routes, PATCH /admin/routes/:id and POST /admin/routes/:id/rollback.
import type { Express, Request, Response } from 'express';
import { effectivePhase } from '../cutover/phases/phases.ts';
import type { RouteEntry } from '../routing/routeTable.ts';
import type { AdminContext, AdminMount } from './adminContext.ts';
import { sendAdminError } from './adminErrors.ts';
import { etagOf, hashFromIfMatch } from './ifMatch.ts';
import type { WeightChangeResult } from './weightChange.ts';

export const mountRoutesApi: AdminMount = (app: Express, context: AdminContext) => {
  app.get('/admin/routes', (_req, res) => {
    const snapshot = context.live.current();
    res.set('etag', etagOf(snapshot.hash)).set('cache-control', 'no-store');
    res.json({ configHash: snapshot.hash, routes: snapshot.routes.map(describeRoute) });
  });

  app.patch('/admin/routes/:id', async (req, res) => {
    const ifMatch = hashFromIfMatch(req.get('if-match'));
    if (ifMatch === undefined) {
      const hash = context.live.current().hash;
      return sendAdminError(
        res,
        428,
        'IF_MATCH_REQUIRED',
        `send If-Match: "${hash}" (the ETag of GET /admin/routes) so a concurrent change is not overwritten`,
        { configHash: hash },
      );
    }
    const body = bodyOf(req);
    const unknown = Object.keys(body).filter((key) => key !== 'weight' && key !== 'reason');
    if (unknown.length > 0) {
      return sendAdminError(res, 400, 'INVALID_CHANGE', 'the body takes only { weight, reason }', {
        problems: unknown.map((key) => ({
          path: key,
          message: `unknown field "${key}" — only weight and reason can be changed here`,
        })),
      });
    }
    const result = await context.weights.change({
      routeId: String(req.params.id),
      weight: body.weight,
      reason: body.reason,
      actor: String(res.locals.adminActor),
      action: 'shift',
      ifMatch,
      dryRun: req.query.dryRun === '1' || req.query.dryRun === 'true',
    });
    sendResult(res, result);
  });

  app.post('/admin/routes/:id/rollback', async (req, res) => {
    const reason = bodyOf(req).reason;
    const result = await context.weights.change({
      routeId: String(req.params.id),
      weight: 0,
      reason: typeof reason === 'string' && reason.trim() !== '' ? reason : 'rollback',
      actor: String(res.locals.adminActor),
      action: 'rollback',
    });
    sendResult(res, result);
  });
};

function bodyOf(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body)
    ? (req.body as Record<string, unknown>)
    : {};
}

function sendResult(res: Response, result: WeightChangeResult): void {
  if (!result.ok) {
    const { ok: _ok, status, code, message, ...details } = result;
    return sendAdminError(res, status, code, message, details);
  }
  res
    .set('etag', etagOf(result.dryRun ? result.configHashBefore : result.configHashAfter))
    .set('cache-control', 'no-store');
  const { ok: _ok, ...body } = result;
  res.json(body);
}

function describeRoute(route: RouteEntry) {
  const target = route.newTarget;
  return {
    id: route.id,
    match: route.config.match,
    weight: route.weight,
    backends: {
      legacy: { url: route.legacy.url.origin, timeoutMs: route.legacy.timeoutMs },
      new:
        target.kind === 'handler'
          ? { handler: target.name }
          : { url: target.upstream.url.origin, timeoutMs: target.upstream.timeoutMs },
    },
    stickyKeys: route.stickyKeys,
    phase: effectivePhase(route.config),
    phaseSince: route.config.phaseSince ?? null,
  };
}
