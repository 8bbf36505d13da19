// `promtool check rules` accepts dashboards/alerts.yml and `promtool check config` the scrape config that
// loads it. Needs promtool (Debian package `prometheus`; requiredTool.ts: skips locally, fails under CI).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { describeWithTool, findTool } from '../../helpers/requiredTool.ts';

const PROMTOOL = findTool('promtool', 'prometheus');
const DASHBOARDS_DIR = path.resolve(import.meta.dirname, '../../../dashboards');

describeWithTool(PROMTOOL, 'promtool accepts the shipped Prometheus files', (promtool) => {
  it('check rules passes for alerts.yml and finds both alerts', async () => {
    const { stdout } = await promisify(execFile)(promtool, ['check', 'rules', path.join(DASHBOARDS_DIR, 'alerts.yml')]);
    expect(stdout).toMatch(/SUCCESS: 2 rules found/);
  });

  it('check config passes for prometheus.yml, including its rule file', async () => {
    const { stdout } = await promisify(execFile)(promtool, [
      'check',
      'config',
      path.join(DASHBOARDS_DIR, 'prometheus.yml'),
    ]);
    expect(stdout).toMatch(/is valid prometheus config file syntax/);
  });
});
