// GET /admin/audit?route=&limit= — the applied weight changes, newest first, and the numbers of any
// lines of the audit file that could not be read.
import type { AdminMount } from './adminContext.ts';
import { sendAdminError } from './adminErrors.ts';
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../controlplane/auditLog.ts';

export const mountAuditApi: AdminMount = (app, context) => {
  app.get('/admin/audit', async (req, res) => {
    const limitText = typeof req.query.limit === 'string' ? req.query.limit : String(DEFAULT_AUDIT_LIMIT);
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_AUDIT_LIMIT) {
      return sendAdminError(
        res,
        400,
        'INVALID_QUERY',
        `limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}, got "${limitText}"`,
      );
    }
    const route = typeof req.query.route === 'string' && req.query.route !== '' ? req.query.route : undefined;
    res.set('cache-control', 'no-store').json(await context.audit.list({ route, limit }));
  });
};
