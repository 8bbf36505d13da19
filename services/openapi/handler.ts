// GET /api/openapi.json and the docs page at /api/docs (Swagger UI assets served from node_modules, no CDN).
import express from 'express';
import swaggerUiDist from 'swagger-ui-dist';
import type { Domain } from '../domain/domain.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { buildOpenApiDocument } from './document.ts';

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Trading bot API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

// A separate script file so the page works under a Content-Security-Policy without 'unsafe-inline'.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });`;

export function openapiHandler(domain: Domain) {
  const document = buildOpenApiDocument();
  return handlerApp(
    domain,
    (app) => {
      app.get('/api/openapi.json', (_req, res) => {
        res.json(document);
      });
      app.get(['/api/docs', '/api/docs/'], (_req, res) => {
        res.type('html').send(DOCS_PAGE);
      });
      app.get('/api/docs/init.js', (_req, res) => {
        res.type('js').send(INIT_SCRIPT);
      });
      app.use('/api/docs', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false }));
    },
    { auth: false },
  );
}
