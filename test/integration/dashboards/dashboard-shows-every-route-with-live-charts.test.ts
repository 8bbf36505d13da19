// The built-in /dashboard page, in headless Chromium against a real proxy and admin API: after traffic it
// shows one card per route with its phase, numbers and charts drawn from /admin/stats, highlights the
// route where new is worse, and loads nothing from any other origin. Saves test-output/dashboard.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, openDashboard, PAGE_WAIT, type TestBrowser } from '../../helpers/browser.ts';
import { BACKEND_COLORS_RGB, countPixelsOfColor } from './chartPixels.ts';
import { ROUTE_IDS, sendTraffic, startCutoverScenario, type CutoverScenario } from './cutoverScenario.ts';

const ADMIN_TOKEN = 'dashboard-test-token-0001';
const SCREENSHOT = path.resolve(import.meta.dirname, '../../../test-output/dashboard.png');
const chromium = chromiumPath();
if (!chromium) console.warn('SKIPPED dashboard browser test: /usr/bin/chromium is not installed (Debian package `chromium`; .ci/run installs it).');

describe.skipIf(!chromium)('the dashboard page shows every route live', () => {
  let scenario: CutoverScenario;
  let browser: TestBrowser;

  beforeAll(async () => {
    scenario = await startCutoverScenario({ adminTokens: [{ name: 'ops', token: ADMIN_TOKEN }] });
    const counts = await sendTraffic(scenario.proxy.url, { maxRequests: 300, concurrency: 16 });
    expect(counts.new).toBeGreaterThan(40);
    browser = await launchBrowser(chromium!);
    await openDashboard(browser.page, scenario.proxy.adminUrl, ADMIN_TOKEN);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it('shows one card per configured route, in config order, with its phase', async () => {
    const cards = browser.page.locator('.card');
    await expect.poll(() => cards.count(), PAGE_WAIT).toBe(ROUTE_IDS.length);
    expect(await cards.locator('.route-id').allTextContents()).toEqual([...ROUTE_IDS]);
    expect(await browser.page.locator('[data-route="orders"] .phase').textContent()).toBe('canary 50 %');
    expect(await browser.page.locator('[data-route="balances"] .phase').textContent()).toBe('canary 20 %');
    expect(await browser.page.locator('[data-route="quotes"] .phase').textContent()).toBe('shadow · legacy answers');
  });

  const chartCanvas = async (id: string, kind: string) => {
    const chart = browser.page.locator(`[data-route="${id}"] [data-chart="${kind}"] .uplot`);
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), PAGE_WAIT).toBeGreaterThan(0);
    return chart.locator('canvas');
  };

  it('draws every chart of the canary routes with legacy and new data', async () => {
    for (const id of ['orders', 'balances']) {
      for (const kind of ['rps', 'errors', 'p99']) {
        const [legacyPixels, newPixels] = await countPixelsOfColor(await chartCanvas(id, kind), [BACKEND_COLORS_RGB.legacy, BACKEND_COLORS_RGB.new]);
        expect(legacyPixels, `${id} ${kind}: legacy series drawn`).toBeGreaterThan(0);
        expect(newPixels, `${id} ${kind}: new series drawn`).toBeGreaterThan(0);
      }
    }
  });

  it('draws only legacy latency and errors for the shadowed route: shadow copies are not new traffic', async () => {
    for (const kind of ['errors', 'p99']) {
      const [legacyPixels, newPixels] = await countPixelsOfColor(await chartCanvas('quotes', kind), [BACKEND_COLORS_RGB.legacy, BACKEND_COLORS_RGB.new]);
      expect(legacyPixels, `quotes ${kind}: legacy series drawn`).toBeGreaterThan(0);
      expect(newPixels, `quotes ${kind}: no new series`).toBe(0);
    }
  });

  it('shows the shadowed route\'s match rate from /admin/cutover, and no shadow line elsewhere', async () => {
    const cutoverLine = browser.page.locator('[data-route="quotes"] .cutover');
    await expect.poll(() => cutoverLine.textContent(), PAGE_WAIT).toMatch(/^Shadow: \d+(\.\d+)? % match \([1-9]\d* mismatches, \d+ errors, \d+ shed\)$/);
    expect(await browser.page.locator('[data-route="orders"] .cutover').isHidden()).toBe(true);
  });

  it('highlights the route where new fails more than legacy', async () => {
    const orders = browser.page.locator('[data-route="orders"]');
    await expect.poll(() => orders.getAttribute('class'), PAGE_WAIT).toContain('worse');
    const verdict = await orders.locator('.verdict').textContent();
    expect(verdict, String(verdict)).toMatch(/^New is worse than legacy: error rate \d+(\.\d+)? % vs \d+(\.\d+)? % on legacy/);
    expect(await orders.locator('.error-rate .new-value').getAttribute('class')).toContain('bad');
  });

  // Latency on a shared machine is too noisy to stage "slower" reliably, so the page's own p99 rule is
  // run in the page with chosen numbers: above 1.5 × legacy is flagged, at 1.5 × it is not.
  it('flags new p99 above 1.5 × legacy p99, and not at 1.5 ×', async () => {
    // A string, so the test runner's transform cannot rewrite the page's import().
    const texts = await browser.page.evaluate(`import('/dashboard/static/verdict.js').then(({ newWorseReasons }) => {
      const side = (p99Ms) => ({ requests: 100, errorRate: 0, p99Ms });
      return [newWorseReasons(side(100), side(151)), newWorseReasons(side(100), side(150))];
    })`);
    expect(texts).toEqual([[{ metric: 'p99', text: 'p99 151 ms vs 100 ms on legacy (1.5×)' }], []]);
  });

  it('runs without page errors', () => {
    // Chromium logs the first, token-less 401s that make the page ask for the token; nothing else may appear.
    expect(browser.pageErrors.filter((error) => !/status of 401 \(Unauthorized\)/.test(error))).toEqual([]);
  });

  it('requests nothing outside the admin listener', () => {
    const origins = new Set(browser.requestedUrls.map((url) => new URL(url).origin));
    expect([...origins]).toEqual([scenario.proxy.adminUrl]);
  });

  it('keeps the token for the tab: a reload does not ask again', async () => {
    await browser.page.reload();
    await expect.poll(() => browser.page.locator('.card').count(), PAGE_WAIT).toBe(ROUTE_IDS.length);
    expect(await browser.page.locator('#token-form').isHidden()).toBe(true);
    const p99Chart = browser.page.locator('[data-route="orders"] [data-chart="p99"] .uplot');
    await expect.poll(async () => Number(await p99Chart.getAttribute('data-points')), PAGE_WAIT).toBeGreaterThan(0);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await browser.page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
