// Pulls every PromQL expression out of the Grafana dashboard JSON and the alert rules file, so a test can
// run each one against a real Prometheus; nothing is listed by hand, a new panel is tested by default.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface PromExpression {
  /** Where it came from, for failure messages: `panel "Error rate" A` or `alert StranglerNewP99AboveLegacy`. */
  source: string;
  expr: string;
  /** The Grafana unit of the panel, which bounds what a sane value is. */
  unit?: string;
}

interface GrafanaTarget {
  refId?: string;
  expr?: string;
}
interface GrafanaPanel {
  title?: string;
  targets?: GrafanaTarget[];
  panels?: GrafanaPanel[];
  fieldConfig?: { defaults?: { unit?: string } };
}
interface GrafanaVariable {
  name: string;
  type: string;
  query?: string | { query?: string };
}
export interface GrafanaDashboard {
  panels: GrafanaPanel[];
  templating: { list: GrafanaVariable[] };
}

export function readDashboard(file: string): GrafanaDashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as GrafanaDashboard;
}

export function dashboardExpressions(dashboard: GrafanaDashboard): PromExpression[] {
  const found: PromExpression[] = [];
  const visit = (panels: GrafanaPanel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr)
          found.push({
            source: `panel "${panel.title}" ${target.refId}`,
            expr: target.expr,
            unit: panel.fieldConfig?.defaults?.unit,
          });
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels);
  return found;
}

/** Query variables' queries, e.g. `label_values(strangler_route_weight, route)`. */
export function variableQueries(dashboard: GrafanaDashboard): Array<{ name: string; query: string }> {
  return dashboard.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      name: variable.name,
      query: typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? ''),
    }));
}

export function ruleExpressions(file: string): PromExpression[] {
  const rules = parse(readFileSync(file, 'utf8')) as {
    groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }>;
  };
  return rules.groups.flatMap((group) =>
    group.rules.map((rule) => ({
      source: rule.alert ? `alert ${rule.alert}` : `record ${rule.record}`,
      expr: rule.expr,
    })),
  );
}

/** Replaces Grafana's `$name` / `${name}` variables; an unknown one throws so a new variable is never sent raw. */
export function substituteVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_match, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values[name];
    if (value === undefined) throw new Error(`no test value for Grafana variable $${name} in: ${expr}`);
    return value;
  });
}

/** The range a value in this Grafana unit must fall in to be believable. */
export function saneRange(unit: string | undefined): { min: number; max: number } {
  switch (unit) {
    case 'percentunit':
      return { min: 0, max: 1 };
    case 'percent':
      return { min: 0, max: 100 };
    case 's':
      return { min: 0, max: 24 * 3600 };
    default:
      return { min: 0, max: Number.MAX_SAFE_INTEGER };
  }
}
