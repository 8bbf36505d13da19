// The built-in /dashboard page, in headless Chromium against a real proxy and admin API: after traffic it
// shows one card per route with its phase, numbers and charts drawn from /admin/stats, highlights the
// routes where new fails more or is slower (and not one where both backends take as long), and loads
// nothing from any other origin. Saves test-output/dashboard.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, openDashboard, PAGE_WAIT, type TestBrowser } from '../../helpers/browser.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { BACKEND_COLORS_RGB, countPixelsOfColor } from '../../helpers/chartPixels.ts';
import {
  P99_ROUTES,
  ROUTE_IDS,
  sendTraffic,
  startCutoverScenario,
  type CutoverScenario,
} from '../../helpers/cutoverScenario.ts';

const ADMIN_TOKEN = 'dashboard-test-token-0001';
const SCREENSHOT = path.resolve(import.meta.dirname, '../../../test-output/dashboard.png');

describeWithTool(CHROMIUM, 'the dashboard page shows every route live', (chromium) => {
  let scenario: CutoverScenario;
  let browser: TestBrowser;

  beforeAll(async () => {
    scenario = await startCutoverScenario({ adminTokens: [{ name: 'ops', token: ADMIN_TOKEN }], p99Routes: true });
    // The p99 route where both backends take as long gets its traffic alongside the rest: queueing slows
    // both its backends alike. The one where new is slower gets its own afterwards (about 3 s), from only 8
    // clients: most of them are waiting on new at any moment, so legacy's requests hardly queue behind each
    // other, and its p99 stays far below new's even on a starved machine (16 clients: legacy's p99 reached
    // 350 ms with two CPU hogs running; 8: under 60 ms). Every backend gets over the 100 requests the
    // verdict needs (static/sampleRule.js, the rule strangler compare applies too).
    const [counts] = await Promise.all([
      sendTraffic(scenario.proxy.url, { maxRequests: 300, concurrency: 16 }),
      sendTraffic(scenario.proxy.url, { maxRequests: 260, concurrency: 16, path: P99_ROUTES.equal.path }),
    ]);
    expect(counts.new).toBeGreaterThan(40);
    await sendTraffic(scenario.proxy.url, { maxRequests: 650, concurrency: 8, path: P99_ROUTES.newSlower.path });
    browser = await launchBrowser(chromium);
    await openDashboard(browser.page, scenario.proxy.adminUrl, ADMIN_TOKEN);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it('shows one card per configured route, in config order, with its phase', async () => {
    const cards = browser.page.locator('.card');
    await expect.poll(() => cards.count(), PAGE_WAIT).toBe(scenario.routeIds.length);
    expect(await cards.locator('.route-id').allTextContents()).toEqual([
      ...ROUTE_IDS,
      P99_ROUTES.newSlower.id,
      P99_ROUTES.equal.id,
    ]);
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
        const [legacyPixels, newPixels] = await countPixelsOfColor(await chartCanvas(id, kind), [
          BACKEND_COLORS_RGB.legacy,
          BACKEND_COLORS_RGB.new,
        ]);
        expect(legacyPixels, `${id} ${kind}: legacy series drawn`).toBeGreaterThan(0);
        expect(newPixels, `${id} ${kind}: new series drawn`).toBeGreaterThan(0);
      }
    }
  });

  it('draws only legacy latency and errors for the shadowed route: shadow copies are not new traffic', async () => {
    for (const kind of ['errors', 'p99']) {
      const [legacyPixels, newPixels] = await countPixelsOfColor(await chartCanvas('quotes', kind), [
        BACKEND_COLORS_RGB.legacy,
        BACKEND_COLORS_RGB.new,
      ]);
      expect(legacyPixels, `quotes ${kind}: legacy series drawn`).toBeGreaterThan(0);
      expect(newPixels, `quotes ${kind}: no new series`).toBe(0);
    }
  });

  it("shows the shadowed route's match rate from /admin/cutover, and no shadow line elsewhere", async () => {
    const cutoverLine = browser.page.locator('[data-route="quotes"] .cutover');
    await expect
      .poll(() => cutoverLine.textContent(), PAGE_WAIT)
      .toMatch(/^Shadow: \d+(\.\d+)? % match \([1-9]\d* mismatches, \d+ errors, \d+ shed\)$/);
    expect(await browser.page.locator('[data-route="orders"] .cutover').isHidden()).toBe(true);
  });

  it('highlights the route where new fails more than legacy', async () => {
    // Orders' share of the first batch is below the 100 requests per backend the verdict needs (and the
    // chart test wants that batch's uneven split): more orders traffic now, which the page's next poll shows.
    await sendTraffic(scenario.proxy.url, { maxRequests: 400, concurrency: 16, path: '/api/orders/more' });
    const orders = browser.page.locator('[data-route="orders"]');
    await expect.poll(() => orders.getAttribute('class'), PAGE_WAIT).toContain('worse');
    const verdict = await orders.locator('.verdict').textContent();
    expect(verdict, String(verdict)).toMatch(
      /^New is worse than legacy: error rate \d+(\.\d+)? % vs \d+(\.\d+)? % on legacy/,
    );
    expect(await orders.locator('.error-rate .new-value').getAttribute('class')).toContain('bad');
  });

  /** The card's p99 cells, and the request counts its numbers are over (from the window note). */
  const p99Card = async (id: string) => {
    const card = browser.page.locator(`[data-route="${id}"]`);
    const note = card.locator('.window-note');
    await expect.poll(() => note.textContent(), PAGE_WAIT).toMatch(/\(\d+ and \d+ requests\)/);
    const [legacyRequests, newRequests] = /\((\d+) and (\d+) requests\)/
      .exec((await note.textContent())!)!
      .slice(1)
      .map(Number);
    return {
      card,
      legacyRequests: legacyRequests!,
      newRequests: newRequests!,
      legacyP99: (await card.locator('.p99 .legacy-value').textContent())!,
      newP99: (await card.locator('.p99 .new-value').textContent())!,
    };
  };
  const msOf = (text: string) => Number.parseFloat(text) * (text.endsWith(' ms') ? 1 : 1000);
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('highlights the route where new is far slower than legacy, naming p99 with both numbers', async () => {
    const { id, newDelayMs } = P99_ROUTES.newSlower;
    // All traffic was sent before the page opened: once the card shows its numbers, they are final.
    const { card, legacyRequests, newRequests, legacyP99, newP99 } = await p99Card(id);
    const numbers = `p99 legacy ${legacyP99}, new ${newP99} over ${legacyRequests} and ${newRequests} requests`;
    expect(
      Math.min(legacyRequests, newRequests),
      'both backends have enough requests to compare',
    ).toBeGreaterThanOrEqual(100);
    expect(await card.getAttribute('class'), numbers).toContain('worse');
    // New never fails on this route, so p99 is the one reason, with the numbers the card shows.
    // The ratio is checked apart: the page computes it from the unrounded numbers.
    const verdict = (await card.locator('.verdict').textContent())!;
    const expected = new RegExp(
      `^New is worse than legacy: p99 ${escapeRegExp(newP99)} vs ${escapeRegExp(legacyP99)} on legacy \\((\\d+\\.\\d)×\\)$`,
    );
    expect(verdict).toMatch(expected);
    expect(Number(expected.exec(verdict)![1]), verdict).toBeGreaterThan(1.5);
    expect(msOf(newP99), `new p99 ${newP99} includes its ${newDelayMs} ms delay`).toBeGreaterThanOrEqual(
      newDelayMs * 0.9,
    );
    expect(await card.locator('.p99 .new-value').getAttribute('class')).toContain('bad');
    expect(await card.locator('.error-rate .new-value').getAttribute('class')).not.toContain('bad');
  });

  it('does not highlight the route where both backends take the same time', async () => {
    const { id, delayMs } = P99_ROUTES.equal;
    const { card, legacyRequests, newRequests, legacyP99, newP99 } = await p99Card(id);
    // Enough requests on both sides, so the rule was applied, not skipped.
    expect(
      Math.min(legacyRequests, newRequests),
      'both backends have enough requests to compare',
    ).toBeGreaterThanOrEqual(100);
    expect(msOf(legacyP99), `legacy p99 ${legacyP99}`).toBeGreaterThanOrEqual(delayMs * 0.9);
    expect(msOf(newP99), `new p99 ${newP99}`).toBeGreaterThanOrEqual(delayMs * 0.9);
    expect(await card.getAttribute('class'), `p99 legacy ${legacyP99}, new ${newP99}`).not.toContain('worse');
    expect(await card.locator('.verdict').isHidden()).toBe(true);
    expect(await card.locator('.p99 .new-value').getAttribute('class')).not.toContain('bad');
  });

  // Real traffic cannot land on the threshold itself, so the exact boundary of the page's p99 rule is run
  // in the page with chosen numbers: just above 1.5 × legacy is flagged, exactly 1.5 × is not.
  it('flags new p99 above 1.5 × legacy p99, and not at 1.5 ×', async () => {
    // A string, so the test runner's transform cannot rewrite the page's import().
    const texts = await browser.page.evaluate(`import('/dashboard/static/verdict.js').then(({ newWorseReasons }) => {
      const side = (p99Ms) => ({ requests: 100, errorRate: 0, p99Ms });
      return [newWorseReasons(side(100), side(151)), newWorseReasons(side(100), side(150))];
    })`);
    expect(texts).toEqual([[{ metric: 'p99', text: 'p99 151 ms vs 100 ms on legacy (1.5×)' }], []]);
  });

  it('lists the traffic no route takes in the "Not routed yet" panel', async () => {
    // The scenario's warm-up requests (POST /warm-up) match no route.
    const row = browser.page.locator('#unrouted tbody tr', { hasText: '/warm-up' });
    await expect.poll(() => row.count(), PAGE_WAIT).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['POST', '/warm-up', '64']);
    expect(await browser.page.locator('#unrouted .unrouted-note').textContent()).toMatch(
      /^\d+ endpoint\(s\) reach legacy without a route/,
    );
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
    await expect.poll(() => browser.page.locator('.card').count(), PAGE_WAIT).toBe(scenario.routeIds.length);
    expect(await browser.page.locator('#token-form').isHidden()).toBe(true);
    const p99Chart = browser.page.locator('[data-route="orders"] [data-chart="p99"] .uplot');
    await expect.poll(async () => Number(await p99Chart.getAttribute('data-points')), PAGE_WAIT).toBeGreaterThan(0);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await browser.page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
