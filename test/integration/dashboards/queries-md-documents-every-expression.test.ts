// dashboards/queries.md documents every PromQL expression the dashboard and the alert rules use, verbatim
// (whitespace aside), so the explanation cannot fall behind the files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardExpressions, readDashboard, ruleExpressions } from '../../helpers/prometheusExpressions.ts';

const DASHBOARDS_DIR = path.resolve(import.meta.dirname, '../../../dashboards');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const documented = squash(readFileSync(path.join(DASHBOARDS_DIR, 'queries.md'), 'utf8'));
const expressions = [
  ...dashboardExpressions(readDashboard(path.join(DASHBOARDS_DIR, 'strangler.json'))),
  ...ruleExpressions(path.join(DASHBOARDS_DIR, 'alerts.yml')),
];

describe('queries.md', () => {
  it.each(expressions.map((e) => [e.source, e.expr] as const))('documents %s', (_source, expr) => {
    expect(documented).toContain(squash(expr));
  });
});
