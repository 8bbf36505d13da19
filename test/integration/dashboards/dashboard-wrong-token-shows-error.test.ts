// The /dashboard page with a wrong admin token shows the admin API's 401 message, keeps asking for the
// token and shows no route; the right token then opens the dashboard.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, openDashboard, PAGE_WAIT, type TestBrowser } from '../../helpers/browser.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { ROUTE_IDS, startCutoverScenario, type CutoverScenario } from '../../helpers/cutoverScenario.ts';

const ADMIN_TOKEN = 'dashboard-test-token-0004';

describeWithTool(CHROMIUM, 'a wrong admin token on the dashboard', (chromium) => {
  let scenario: CutoverScenario;
  let browser: TestBrowser;

  beforeAll(async () => {
    scenario = await startCutoverScenario({ adminTokens: [{ name: 'ops', token: ADMIN_TOKEN }] });
    browser = await launchBrowser(chromium);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it('shows the 401 message and no routes', async () => {
    await openDashboard(browser.page, scenario.proxy.adminUrl, 'not-the-right-token-at-all');
    const error = browser.page.locator('#token-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/^wrong admin token/);
    expect(await browser.page.locator('#token-form').isVisible()).toBe(true);
    expect(await browser.page.locator('.card').count()).toBe(0);
  });

  it('the right token then opens every route', async () => {
    await browser.page.fill('#token-input', ADMIN_TOKEN);
    await browser.page.click('#token-form button[type=submit]');
    await expect.poll(() => browser.page.locator('.card').count(), PAGE_WAIT).toBe(ROUTE_IDS.length);
    expect(await browser.page.locator('#token-form').isHidden()).toBe(true);
  });
});
