// dashboards/strangler.json has what a Grafana import needs: the DS_PROMETHEUS input, a datasource
// variable every panel and query uses, the route variable, unique panel ids, current panel types and a
// layout where no two panels overlap.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<{ datasource?: { type: string; uid: string } }>;
}

const dashboard = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../dashboards/strangler.json'), 'utf8'),
) as {
  __inputs: Array<{ name: string; type: string; pluginId: string }>;
  schemaVersion: number;
  uid: string;
  templating: { list: Array<{ name: string; type: string; query: unknown; current?: { value?: string } }> };
  panels: Panel[];
};
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

describe('the Grafana dashboard JSON', () => {
  it('asks for a Prometheus data source on import and exposes it as the datasource variable', () => {
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    ]);
    const variable = dashboard.templating.list.find((v) => v.name === 'datasource');
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus', current: { value: '${DS_PROMETHEUS}' } });
  });

  it('has the route variable from strangler_route_weight', () => {
    const variable = dashboard.templating.list.find((v) => v.name === 'route');
    expect(variable).toMatchObject({ type: 'query', query: { query: 'label_values(strangler_route_weight, route)' } });
  });

  it('every panel and query uses the datasource variable', () => {
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      for (const target of panel.targets ?? []) expect(target.datasource, panel.title).toEqual(DATASOURCE);
    }
  });

  it('uses a current schema and current panel types, with unique ids and a stable uid', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.uid).toBe('strangler-cutover');
    expect(new Set(dashboard.panels.map((p) => p.type))).toEqual(new Set(['row', 'stat', 'timeseries']));
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lays panels out inside 24 columns without overlaps', () => {
    const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    dashboard.panels.forEach((panel, i) => {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      for (const other of dashboard.panels.slice(i + 1))
        expect(overlaps(panel.gridPos, other.gridPos), `${panel.title} / ${other.title}`).toBe(false);
    });
  });
});
