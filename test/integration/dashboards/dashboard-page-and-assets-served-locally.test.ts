// /dashboard and its assets come from the admin listener itself, without a token (they hold no data):
// the page with a Content-Security-Policy that allows this origin only, uPlot from the npm package, and a
// plain 404 for anything else under /dashboard, including attempts to climb out of the static folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCutoverScenario, type CutoverScenario } from '../../helpers/cutoverScenario.ts';

describe('the dashboard page and assets', () => {
  let scenario: CutoverScenario;
  const get = (path: string) => fetch(scenario.proxy.adminUrl + path);

  beforeAll(async () => {
    scenario = await startCutoverScenario({ adminTokens: [{ name: 'ops', token: 'dashboard-test-token-0005' }] });
  });
  afterAll(async () => {
    await scenario?.close();
  });

  it('serves the page without a token, allowing only its own origin', async () => {
    const res = await get('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; script-src 'self'; connect-src 'self'/,
    );
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/dashboard/static/main.js">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("sends the admin listener's root to the page", async () => {
    const res = await fetch(scenario.proxy.adminUrl + '/', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard');
  });

  it('serves uPlot from the installed npm package', async () => {
    const res = await get('/dashboard/vendor/uPlot.esm.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain('export { uPlot as default }');
  });

  it('answers 404 for unknown files and for paths leaving the static folder', async () => {
    for (const path of [
      '/dashboard/static/missing.js',
      '/dashboard/vendor/other.js',
      '/dashboard/static/%2e%2e/mountDashboard.ts',
      '/dashboard/elsewhere',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('keeps the data behind the token', async () => {
    expect((await get('/admin/stats')).status).toBe(401);
  });
});
