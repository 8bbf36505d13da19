// The /dashboard page shows the admin API's own errors on the route's card and moves no traffic: a
// weight change without a reason (400 with the problem list) and one made against a config that changed
// behind the page's back (412 from If-Match).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, openDashboard, PAGE_WAIT, type TestBrowser } from '../../helpers/browser.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { startCutoverScenario, type CutoverScenario } from '../../helpers/cutoverScenario.ts';

const ADMIN_TOKEN = 'dashboard-test-token-0003';

describeWithTool(CHROMIUM, 'the dashboard shows admin API errors', (chromium) => {
  let scenario: CutoverScenario;
  let browser: TestBrowser;
  const weightOf = (id: string) => scenario.proxy.live.current().byId.get(id)?.weight;

  beforeAll(async () => {
    scenario = await startCutoverScenario({ adminTokens: [{ name: 'ops', token: ADMIN_TOKEN }] });
    browser = await launchBrowser(chromium);
    // Page timers are frozen, so no poll can pick up the other operator's change before the click (the 412 case).
    await browser.page.clock.install();
    await openDashboard(browser.page, scenario.proxy.adminUrl, ADMIN_TOKEN);
    await browser.page.locator('[data-route="balances"]').waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.close();
  });

  it('a change without a reason shows the 400 and its problem, and asks for no confirmation', async () => {
    const card = browser.page.locator('[data-route="balances"]');
    await card.locator('.weight-input').fill('40');
    await card.locator('.set-weight').click();
    const error = card.locator('.card-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/\(400 [A-Z_]+\)[\s\S]*reason: is required/);
    expect(await browser.page.locator('#confirm-dialog').isVisible()).toBe(false);
    expect(weightOf('balances')).toBe(20);
  });

  it("a change made elsewhere first makes the page's If-Match stale: 412 is shown and the weight stays", async () => {
    // Another operator shifts orders while the page still holds the old config hash.
    const routes = await fetch(`${scenario.proxy.adminUrl}/admin/routes`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const other = await fetch(`${scenario.proxy.adminUrl}/admin/routes/orders`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        'if-match': routes.headers.get('etag')!,
      },
      body: JSON.stringify({ weight: 10, reason: 'another operator' }),
    });
    expect(other.status).toBe(200);

    const card = browser.page.locator('[data-route="balances"]');
    await card.locator('.weight-input').fill('40');
    await card.locator('.reason-input').fill('ramp balances');
    await card.locator('.set-weight').click();
    const error = card.locator('.card-error');
    await expect
      .poll(() => error.textContent(), PAGE_WAIT)
      .toMatch(/\(412 [A-Z_]+\)[\s\S]*config changed since this page loaded it/);
    expect(weightOf('balances')).toBe(20);
  });
});
