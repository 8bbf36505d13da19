// `promtool check rules` accepts dashboards/alerts.yml and `promtool check config` the scrape config that
// loads it. Skips, loudly, only when promtool (Debian package `prometheus`) is not installed.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../helpers/prometheus.ts';

const DASHBOARDS_DIR = path.resolve(import.meta.dirname, '../../../dashboards');
const promtool = findExecutable('promtool');
if (!promtool) console.warn('SKIPPED promtool checks: `promtool` is not installed (Debian package `prometheus`; .ci/run installs it).');

describe.skipIf(!promtool)('promtool accepts the shipped Prometheus files', () => {
  it('check rules passes for alerts.yml and finds both alerts', async () => {
    const { stdout } = await promisify(execFile)(promtool!, ['check', 'rules', path.join(DASHBOARDS_DIR, 'alerts.yml')]);
    expect(stdout).toMatch(/SUCCESS: 2 rules found/);
  });

  it('check config passes for prometheus.yml, including its rule file', async () => {
    const { stdout } = await promisify(execFile)(promtool!, ['check', 'config', path.join(DASHBOARDS_DIR, 'prometheus.yml')]);
    expect(stdout).toMatch(/is valid prometheus config file syntax/);
  });
});
