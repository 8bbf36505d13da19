// Every PromQL expression in dashboards/strangler.json and dashboards/alerts.yml, run by a real Prometheus
// that scrapes a proxy mid-cutover (scrape config taken from dashboards/prometheus.yml), returns data
// that makes sense. Needs the prometheus binary (requiredTool.ts: skips locally, fails under CI).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROMETHEUS, startPrometheus, type TestPrometheus } from '../../helpers/prometheus.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import {
  dashboardExpressions,
  readDashboard,
  ruleExpressions,
  saneRange,
  substituteVariables,
  variableQueries,
} from '../../helpers/prometheusExpressions.ts';
import {
  backgroundTraffic,
  ROUTE_IDS,
  startCutoverScenario,
  type CutoverScenario,
} from '../../helpers/cutoverScenario.ts';

const DASHBOARDS_DIR = path.resolve(import.meta.dirname, '../../../dashboards');
const RULES_FILE = path.join(DASHBOARDS_DIR, 'alerts.yml');
const dashboard = readDashboard(path.join(DASHBOARDS_DIR, 'strangler.json'));
const GRAFANA_TEST_VALUES = { route: ROUTE_IDS.join('|'), __rate_interval: '1m' };
const DATA_TIMEOUT_MS = 20_000;

/** The shipped scrape config, pointed at the test proxy, scraping every second, rules by absolute path. */
function scrapeConfigFor(adminUrl: string): string {
  const config = parse(readFileSync(path.join(DASHBOARDS_DIR, 'prometheus.yml'), 'utf8')) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
  };
  config.global = { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' };
  config.rule_files = config.rule_files.map((file) => path.resolve(DASHBOARDS_DIR, file));
  config.scrape_configs[0]!.static_configs = [{ targets: [new URL(adminUrl).host] }];
  return stringify(config);
}

async function waitFor(description: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + DATA_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await sleep(250);
  }
}

describeWithTool(PROMETHEUS, 'dashboard and alert PromQL against a real Prometheus', (prometheusBinary) => {
  let scenario: CutoverScenario;
  let prometheus: TestPrometheus;

  beforeAll(async () => {
    scenario = await startCutoverScenario();
    prometheus = await startPrometheus(prometheusBinary, scrapeConfigFor(scenario.proxy.adminUrl));
    // Some GETs, so failures of new also show up as fallbacks to legacy.
    const traffic = backgroundTraffic(scenario.proxy.url, { maxRequests: 5_000, getEvery: 4 });
    try {
      // Both backends must have been seen moving across at least two scrapes, and the rules evaluated.
      await waitFor(
        'request rates for both backends',
        async () => (await prometheus.query('sum by (backend) (rate(strangler_requests_total[1m])) > 0')).length === 2,
      );
      await sleep(3_000);
    } finally {
      const counts = await traffic.stop();
      expect(counts.legacy).toBeGreaterThan(0);
      expect(counts.new).toBeGreaterThan(0);
    }
  }, 45_000);

  afterAll(async () => {
    await prometheus?.close();
    await scenario?.close();
  });

  it('the route variable lists every configured route', async () => {
    const [variable] = variableQueries(dashboard);
    expect(variable).toEqual({ name: 'route', query: 'label_values(strangler_route_weight, route)' });
    const values = await prometheus.api<string[]>(`/api/v1/label/route/values?match[]=strangler_route_weight`);
    expect(values.sort()).toEqual([...ROUTE_IDS].sort());
  });

  const panelExpressions = dashboardExpressions(dashboard);
  it('the dashboard has expressions to test', () => {
    expect(panelExpressions.length).toBeGreaterThanOrEqual(10);
  });

  it.each(panelExpressions.map((e) => [e.source, e] as const))(
    '%s returns non-empty, sane values',
    async (_source, expression) => {
      const samples = await prometheus.query(substituteVariables(expression.expr, GRAFANA_TEST_VALUES));
      expect(samples, expression.expr).not.toHaveLength(0);
      const { min, max } = saneRange(expression.unit);
      for (const sample of samples) {
        const value = Number(sample.value[1]);
        expect(
          Number.isFinite(value),
          `${expression.expr} gave ${sample.value[1]} for ${JSON.stringify(sample.metric)}`,
        ).toBe(true);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThanOrEqual(max);
      }
    },
  );

  // The scenario's new backend is slower and fails more than legacy, so both alert conditions hold now.
  it.each(ruleExpressions(RULES_FILE).map((e) => [e.source, e] as const))(
    '%s holds for the route where new is worse',
    async (_source, expression) => {
      const samples = await prometheus.query(expression.expr);
      expect(samples.map((s) => s.metric.route).sort(), expression.expr).toContain('orders');
      for (const sample of samples) expect(Number.isFinite(Number(sample.value[1]))).toBe(true);
    },
  );

  it('Prometheus loaded the rules file and evaluates every rule without error', async () => {
    const data = await prometheus.api<{
      groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }>;
    }>('/api/v1/rules');
    const rules = data.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.name).sort()).toEqual(
      ruleExpressions(RULES_FILE)
        .map((e) => e.source.replace(/^alert /, ''))
        .sort(),
    );
    for (const rule of rules)
      expect({ name: rule.name, health: rule.health, lastError: rule.lastError ?? '' }).toEqual({
        name: rule.name,
        health: 'ok',
        lastError: '',
      });
  });
});
