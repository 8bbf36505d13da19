// Shifting a weight through the /dashboard page (dry run, confirmation dialog, PATCH with If-Match) changes
// where the proxy sends live requests, and the page's Rollback button sends them all back to legacy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, openDashboard, PAGE_WAIT, type TestBrowser } from '../../helpers/browser.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { sendTraffic, startCutoverScenario, type CutoverScenario } from '../../helpers/cutoverScenario.ts';

const ADMIN_TOKEN = 'dashboard-test-token-0002';

describeWithTool(CHROMIUM, 'changing a weight on the dashboard changes live routing', (chromium) => {
  let scenario: CutoverScenario;
  let browser: TestBrowser;
  const ordersTraffic = () =>
    sendTraffic(scenario.proxy.url, { maxRequests: 40, concurrency: 10, path: '/api/orders/1' });

  beforeAll(async () => {
    scenario = await startCutoverScenario({ adminTokens: [{ name: 'ops', token: ADMIN_TOKEN }] });
    browser = await launchBrowser(chromium);
    await openDashboard(browser.page, scenario.proxy.adminUrl, ADMIN_TOKEN);
    await browser.page.locator('[data-route="orders"]').waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it('at the starting weight of 50 % both backends serve orders', async () => {
    const counts = await ordersTraffic();
    expect(counts.legacy).toBeGreaterThan(0);
    expect(counts.new).toBeGreaterThan(0);
  });

  it('setting 100 % with a reason and confirming sends every orders request to new', async () => {
    const card = browser.page.locator('[data-route="orders"]');
    await card.locator('.weight-input').fill('100');
    await card.locator('.reason-input').fill('new orders handler verified in canary');
    // A poll in between must not reset what was typed nor steal the focus.
    const status = browser.page.locator('#status');
    const before = await status.textContent();
    await expect.poll(() => status.textContent(), PAGE_WAIT).not.toBe(before);
    expect(await card.locator('.weight-input').inputValue()).toBe('100');
    expect(await card.locator('.reason-input').evaluate((input) => input === document.activeElement)).toBe(true);
    await card.locator('.set-weight').click();
    const dialog = browser.page.locator('#confirm-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('#confirm-title').textContent()).toBe('Shift orders from 50 % to 100 % new?');
    await dialog.locator('#confirm-ok').click();

    await expect.poll(() => card.locator('.phase').textContent(), PAGE_WAIT).toBe('cut over');
    expect(scenario.proxy.live.current().byId.get('orders')?.weight).toBe(100);
    expect(await ordersTraffic()).toEqual({ legacy: 0, new: 40 });
    expect(await card.locator('.card-error').isHidden()).toBe(true);
  });

  it('Rollback, once confirmed, sends every orders request back to legacy', async () => {
    const card = browser.page.locator('[data-route="orders"]');
    await card.locator('.rollback').click();
    await browser.page.locator('#confirm-dialog').waitFor({ state: 'visible' });
    await browser.page.locator('#confirm-ok').click();

    await expect.poll(() => card.locator('.phase').textContent(), PAGE_WAIT).toBe('legacy only');
    expect(await ordersTraffic()).toEqual({ legacy: 40, new: 0 });
  });
});
