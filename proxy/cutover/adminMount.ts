// Admin endpoints of cutover automation (token-protected like everything under /admin):
//   GET  /admin/cutover                      per route: phase, ramp state, shadow match rate (dashboard, status)
//   GET  /admin/routes/:id/diffs             shadow results, learned noise, last mismatches
//   POST /admin/routes/:id/phase             { phase, reason } — transition rules enforced
//   GET  /admin/ramps, /admin/routes/:id/ramp ramp controller state
//   POST /admin/routes/:id/ramp/:action      start | pause | resume | abort
//   GET  /admin/report?window=<s>&format=json|markdown
import type { Express, Response } from 'express';
import type { AdminContext } from '../admin/adminContext.ts';
import { sendAdminError } from '../admin/adminErrors.ts';
import { hashFromIfMatch } from '../admin/ifMatch.ts';
import { MIGRATION_PHASES, type MigrationPhase } from '../config/types.ts';
import { STATS_MAX_WINDOW_SECONDS } from '../stats/statsWindow.ts';
import type { RampCommandResult } from './ramp/rampController.ts';
import { buildReport } from './report/report.ts';
import { reportMarkdown } from './report/reportMarkdown.ts';
import type { CutoverRuntime } from './runtime.ts';
import { effectivePhase } from './phases/phases.ts';
import { matchRate } from './shadow/shadowBook.ts';

const RAMP_ACTIONS = ['start', 'pause', 'resume', 'abort'] as const;

export function mountCutoverAdmin(cutover: CutoverRuntime) {
  return (app: Express, context: AdminContext): void => {
    app.get('/admin/routes/:id/diffs', (req, res) => {
      const id = String(req.params.id);
      if (!context.live.current().byId.has(id)) return sendAdminError(res, 404, 'ROUTE_NOT_FOUND', `no route "${id}"`);
      const state = cutover.book.route(id);
      const rate = matchRate(state.counts);
      res.set('cache-control', 'no-store').json({
        route: id,
        counts: state.counts,
        matchRatePercent: rate === null ? null : Math.round(rate * 10_000) / 100,
        calibrationSamples: state.calibrationsStarted,
        noisyFields: [...state.noisyPaths, ...[...state.noisyHeaders].map((h) => `header:${h}`)],
        mismatches: [...state.mismatches].reverse(),
      });
    });

    // One poll for the dashboard: each route's ramp state and shadow match rate.
    app.get('/admin/cutover', (_req, res) => {
      const routes = context.live.current().routes.map((route) => {
        const ramp = cutover.ramps?.all().find((state) => state.route === route.id);
        const shadow = cutover.book.has(route.id) ? cutover.book.route(route.id) : undefined;
        const rate = shadow ? matchRate(shadow.counts) : null;
        return {
          id: route.id,
          phase: effectivePhase(route.config),
          ramp: ramp ? { status: ramp.status, weight: ramp.weight, message: ramp.message } : null,
          shadow: shadow
            ? { counts: shadow.counts, matchRatePercent: rate === null ? null : Math.round(rate * 10_000) / 100 }
            : null,
        };
      });
      res.set('cache-control', 'no-store').json({ rampController: cutover.ramps !== undefined, routes });
    });

    app.post('/admin/routes/:id/phase', async (req, res) => {
      const body = (req.body ?? {}) as { phase?: unknown; reason?: unknown };
      if (typeof body.phase !== 'string' || !(MIGRATION_PHASES as readonly string[]).includes(body.phase)) {
        return sendAdminError(res, 400, 'INVALID_CHANGE', `phase must be one of ${MIGRATION_PHASES.join(', ')}`);
      }
      const reason = typeof body.reason === 'string' && body.reason.trim() !== '' ? body.reason : `phase ${body.phase}`;
      if (!cutover.phases)
        return sendAdminError(
          res,
          409,
          'TRANSITION_REFUSED',
          'phase changes need the control plane, which this process does not run',
        );
      const actor = String(res.locals.adminActor ?? 'admin');
      const result = await cutover.phases.change(
        String(req.params.id),
        body.phase as MigrationPhase,
        actor,
        reason,
        hashFromIfMatch(req.get('if-match')),
      );
      if (!result.ok) return sendAdminError(res, result.status, result.code, result.message);
      res.json(result);
    });

    app.get('/admin/ramps', (_req, res) => {
      // leading: false on a candidate that does not hold the lease (send commands to the one that does).
      res.set('cache-control', 'no-store').json({
        controller: cutover.ramps !== undefined,
        leading: cutover.ramps?.leading() ?? false,
        ramps: cutover.ramps?.all() ?? [],
      });
    });

    app.get('/admin/routes/:id/ramp', (req, res) => {
      if (!cutover.ramps) return notController(res);
      res.set('cache-control', 'no-store').json(cutover.ramps.state(String(req.params.id)));
    });

    app.post('/admin/routes/:id/ramp/:action', async (req, res) => {
      const ramps = cutover.ramps;
      if (!ramps) return notController(res);
      const action = String(req.params.action);
      const id = String(req.params.id);
      const actor = String(res.locals.adminActor ?? 'admin');
      if (!(RAMP_ACTIONS as readonly string[]).includes(action))
        return sendAdminError(res, 404, 'NOT_FOUND', `no ramp action "${action}" — use ${RAMP_ACTIONS.join(', ')}`);
      const result: RampCommandResult =
        action === 'start'
          ? await ramps.start(id, actor)
          : action === 'pause'
            ? await ramps.pause(id, actor)
            : action === 'resume'
              ? await ramps.resume(id, actor)
              : await ramps.abort(id, actor);
      if (!result.ok) return sendAdminError(res, result.status, 'RAMP_REFUSED', result.message);
      res.json(result.state);
    });

    app.get('/admin/report', (req, res) => {
      const text = typeof req.query.window === 'string' ? req.query.window : String(STATS_MAX_WINDOW_SECONDS);
      const seconds = Number(text);
      if (!/^\d+$/.test(text) || seconds < 1 || seconds > STATS_MAX_WINDOW_SECONDS) {
        return sendAdminError(
          res,
          400,
          'INVALID_QUERY',
          `window must be whole seconds from 1 to ${STATS_MAX_WINDOW_SECONDS}, got "${text}"`,
        );
      }
      const report = buildReport(
        {
          snapshot: context.live.current(),
          stats: context.stats,
          book: cutover.book,
          fallbacksSince: (id, from) => cutover.fallbacksSince(id, from),
          ramp: (id) => cutover.ramps?.state(id),
          now: cutover.clock.now(),
          quietPeriodMs: cutover.quietPeriodMs,
        },
        seconds,
      );
      res.set('cache-control', 'no-store');
      if (req.query.format === 'markdown') res.type('text/markdown').send(reportMarkdown(report));
      else res.json(report);
    });
  };
}

function notController(res: Response): void {
  sendAdminError(
    res,
    409,
    'NOT_RAMP_CONTROLLER',
    'this replica does not run the ramp controller — send ramp commands to the one started with --ramp-controller (STRANGLER_RAMP_CONTROLLER=1)',
  );
}
