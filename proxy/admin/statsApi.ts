// GET /admin/stats?window=<seconds> — the sliding-window stats document (format: stats/statsReport.ts).
import { buildStatsReport, DEFAULT_STATS_WINDOW_SECONDS } from '../stats/statsReport.ts';
import { STATS_BUCKET_SECONDS, STATS_MAX_WINDOW_SECONDS } from '../stats/statsWindow.ts';
import type { AdminMount } from './adminContext.ts';
import { sendAdminError } from './adminErrors.ts';

export const mountStatsApi: AdminMount = (app, context) => {
  app.get('/admin/stats', (req, res) => {
    const text = typeof req.query.window === 'string' ? req.query.window : String(DEFAULT_STATS_WINDOW_SECONDS);
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || seconds < 1 || seconds > STATS_MAX_WINDOW_SECONDS) {
      return sendAdminError(
        res,
        400,
        'INVALID_QUERY',
        `window must be whole seconds from 1 to ${STATS_MAX_WINDOW_SECONDS}, got "${text}"`,
      );
    }
    // Whole buckets only: a 45 s request covers 50 s.
    const windowSeconds = Math.ceil(seconds / STATS_BUCKET_SECONDS) * STATS_BUCKET_SECONDS;
    res.set('cache-control', 'no-store').json(buildStatsReport(context.stats, context.live.current(), windowSeconds));
  });
};
