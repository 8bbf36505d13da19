// /api/openapi.json is generated from the zod schemas and covers every route; /api/docs serves Swagger UI from npm.
import { describe, expect, it } from 'vitest';
import { SERVICE_ROUTES } from '../../../services/routes.ts';
import { servicesForFile } from '../../helpers/servicesServer.ts';
import { callApi } from '../../helpers/servicesClient.ts';

describe('OpenAPI document and docs page', () => {
  const services = servicesForFile();

  it('documents every routed endpoint, its request schemas and the WebSocket frames', async () => {
    const { status, body } = await callApi(services.newUrl, 'GET', '/api/openapi.json');
    expect(status).toBe(200);
    const doc = body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const route of SERVICE_ROUTES.filter((r) => r.path.startsWith('/api/') && r.handler !== 'openapi')) {
      const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
      for (const method of route.methods)
        expect(doc.paths[path], `${method} ${path}`).toHaveProperty(method.toLowerCase());
    }
    expect(doc.paths['/ws/portfolio']).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['NewOrder', 'AnalyzeRequest', 'ValidationError', 'PortfolioWsMessage']),
    );
  });

  it('serves the docs page with its assets from node_modules, even when API keys are required', async () => {
    const key = 'docs-key-0123456789abcdef';
    await callApi(services.newUrl, 'PUT', '/api/config', { api_keys: [key] });
    const page = await fetch(`${services.newUrl}/api/docs`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    for (const asset of html.match(/\/api\/docs\/[\w.-]+/g) ?? []) {
      const response = await fetch(services.newUrl + asset);
      expect(response.status, asset).toBe(200);
      await response.arrayBuffer();
    }
    expect((await fetch(`${services.newUrl}/api/openapi.json`)).status).toBe(200);
    await callApi(services.newUrl, 'PUT', '/api/config', { api_keys: [] }, { 'x-api-key': key });
  });
});
