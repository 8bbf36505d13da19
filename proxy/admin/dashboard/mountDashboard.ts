// GET /dashboard: the built-in live page on the admin listener. The page and its assets are public (they
// hold no data); everything it shows comes from the token-protected admin API, with the token the user
// types once. Assets come from this folder and from the uplot npm package — never from another origin.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';
import type { AdminMount } from '../adminContext.ts';

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const UPLOT_DIST_DIR = path.dirname(createRequire(import.meta.url).resolve('uplot'));
const VENDOR_FILES: Record<string, string> = {
  'uPlot.esm.js': path.join(UPLOT_DIST_DIR, 'uPlot.esm.js'),
  'uPlot.min.css': path.join(UPLOT_DIST_DIR, 'uPlot.min.css'),
};

/** The browser may talk to this origin only; uPlot sizes elements through inline styles. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function secureHeaders(res: Response): void {
  res
    .set('content-security-policy', CONTENT_SECURITY_POLICY)
    .set('x-content-type-options', 'nosniff')
    .set('cache-control', 'no-cache');
}

export const mountDashboard: AdminMount = (app) => {
  // The admin listener's root is where a new user types first: send them to the page.
  app.get('/', (_req, res) => {
    res.redirect(302, '/dashboard');
  });
  app.get('/dashboard', (_req, res) => {
    secureHeaders(res);
    res.sendFile(path.join(STATIC_DIR, 'index.html'));
  });
  app.get('/dashboard/vendor/:file', (req, res, next) => {
    const file = VENDOR_FILES[String(req.params.file)];
    if (!file) return next();
    secureHeaders(res);
    res.sendFile(file);
  });
  app.use(
    '/dashboard/static',
    (_req, res, next) => {
      secureHeaders(res);
      next();
    },
    express.static(STATIC_DIR, { index: false }),
  );
  app.use('/dashboard', (_req, res) => {
    res.status(404).type('text/plain').send('Not found: the dashboard is at /dashboard');
  });
};
