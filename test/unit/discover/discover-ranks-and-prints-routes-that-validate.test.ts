// The backlog order (by traffic, by time in legacy) and the route entries `strangler discover --yaml`
// prints: pasted under routes: of a routes.yaml they validate, and they take the discovered paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfigText } from '../../../proxy/config/validate.ts';
import { DiscoverTable } from '../../../proxy/discover/discoverTable.ts';
import { rankDiscovered, routesYamlOf } from '../../../proxy/discover/rankDiscovered.ts';
import { buildSnapshot } from '../../../proxy/routing/routeTable.ts';
import { findRoute } from '../../../proxy/routing/matchRoute.ts';

function sampleTable(): DiscoverTable {
  const table = new DiscoverTable();
  for (let i = 0; i < 50; i++) table.record('GET', `/users/${i}`, 200, 2); // busy, fast: 100 ms in legacy
  for (let i = 0; i < 5; i++) table.record('POST', '/reports/generate', 200, 400); // rare, slow: 2000 ms
  for (let i = 0; i < 20; i++) table.record('GET', `/users/${i}/orders/${'ab12'.repeat(5)}`, 500, 10); // 200 ms
  return table;
}

describe('strangler discover ranking and YAML', () => {
  it('ranks by traffic and by time spent in legacy', () => {
    const { endpoints } = sampleTable().document();
    expect(rankDiscovered(endpoints, 'traffic').map((e) => e.template)).toEqual([
      '/users/:param',
      '/users/:param/orders/:param',
      '/reports/generate',
    ]);
    expect(rankDiscovered(endpoints, 'time').map((e) => e.template)).toEqual([
      '/reports/generate',
      '/users/:param/orders/:param',
      '/users/:param',
    ]);
  });

  it('prints route entries that validate and route the discovered paths', () => {
    const yaml = routesYamlOf(rankDiscovered(sampleTable().document().endpoints, 'traffic'), 'http://127.0.0.1:7000');
    expect(yaml).toContain('path: "/users/:param/orders/:param2"');
    const text = `backends:\n  legacy:\n    url: http://127.0.0.1:5000\nroutes:\n${yaml}`;
    const result = validateConfigText(text, { handlerNames: new Set() });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    const snapshot = buildSnapshot(result.config);
    expect(findRoute(snapshot, 'GET', '/users/7/orders/cd34cd34cd34cd34cd34')?.id).toBe(
      'get-users-param-orders-param2',
    );
    expect(findRoute(snapshot, 'POST', '/reports/generate')?.id).toBe('post-reports-generate');
    expect(snapshot.routes.every((r) => r.weight === 0)).toBe(true);
    expect(result.config.routes.every((r) => r.phase === 'legacy')).toBe(true);
  });

  it('puts a literal segment before a parameter in the same place, so the literal route is reachable', () => {
    const table = new DiscoverTable();
    for (let i = 0; i < 9; i++) table.record('GET', `/users/${i}`, 200, 1);
    table.record('GET', '/users/me', 200, 1);
    const yaml = routesYamlOf(rankDiscovered(table.document().endpoints, 'traffic'), 'http://127.0.0.1:7000');
    expect(yaml.indexOf('"/users/me"')).toBeLessThan(yaml.indexOf('"/users/:param"'));
    expect(yaml.indexOf('"/users/me"')).toBeGreaterThan(-1);
  });

  it('prints YAML that validates for any paths clients send (seeded)', () => {
    const segment = fc.string({ minLength: 0, maxLength: 40, unit: fc.constantFrom(...'az09-_.~%:*@!$&\'()+,;=AZ"') });
    fc.assert(
      fc.property(
        fc.array(fc.array(segment, { minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('GET', 'POST', 'PATCH'),
        (paths, method) => {
          const table = new DiscoverTable();
          for (const segments of paths) table.record(method, `/${segments.join('/')}`, 200, 1);
          const text = `backends:\n  legacy:\n    url: http://127.0.0.1:5000\nroutes:\n${routesYamlOf(rankDiscovered(table.document().endpoints, 'traffic'), 'http://127.0.0.1:7000')}`;
          const result = validateConfigText(text, { handlerNames: new Set() });
          expect(result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([]);
        },
      ),
      { seed: 1616, numRuns: 300 },
    );
  });
});
