// Whatever clients send, the table keeps at most maxTemplates entries, each of bounded size, and evicts
// the least recently seen: an endpoint still in use survives a flood of one-off paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscoverTable } from '../../../proxy/discover/discoverTable.ts';
import { MAX_TEMPLATE_SEGMENTS } from '../../../proxy/discover/pathTemplate.ts';

const segment = fc.string({ minLength: 0, maxLength: 60, unit: fc.constantFrom(...'abcxyz019-_.~%AZ') });
const randomPath = fc.array(segment, { minLength: 1, maxLength: 30 }).map((segments) => `/${segments.join('/')}`);

describe('the discover table', () => {
  it('stays within its cap under 100k random paths and keeps a busy endpoint', () => {
    const table = new DiscoverTable({ maxTemplates: 200 });
    const paths = fc.sample(randomPath, { numRuns: 100_000, seed: 1616 });
    paths.forEach((path, i) => {
      table.record(i % 2 ? 'GET' : 'POST', path, 200, 1);
      if (i % 50 === 0) table.record('GET', `/api/orders/${i}`, 200, 1);
    });
    expect(table.size).toBe(200);
    expect(table.evicted).toBeGreaterThan(10_000);
    const { endpoints } = table.document();
    expect(endpoints).toHaveLength(200);
    const busy = endpoints.find((e) => e.template === '/api/orders/:param');
    expect(busy?.requests).toBe(2_000);
    for (const e of endpoints) {
      expect(e.template.split('/').length).toBeLessThanOrEqual(MAX_TEMPLATE_SEGMENTS + 2);
      expect(e.template.length).toBeLessThanOrEqual(MAX_TEMPLATE_SEGMENTS * 49 + 2);
    }
  });

  it('counts requests, 5xx, latency, time in legacy and first/last seen per method and template', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const table = new DiscoverTable({ now: () => now });
    for (let i = 0; i < 100; i++) {
      table.record('GET', `/v1/items/${i}`, i < 5 ? 503 : 200, i < 99 ? 10 : 1000);
      now += 100;
    }
    table.record('DELETE', '/v1/items/7', 204, 5);
    const { endpoints } = table.document();
    const get = endpoints.find((e) => e.method === 'GET')!;
    expect(get).toMatchObject({
      template: '/v1/items/:param',
      requests: 100,
      errorRate: 0.05,
      legacyMs: 99 * 10 + 1000,
    });
    expect(get.p50Ms).toBeGreaterThan(9);
    expect(get.p50Ms).toBeLessThan(11);
    expect(get.p99Ms).toBeLessThan(11);
    expect(get.firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(get.lastSeen).toBe('2026-01-01T00:00:09.900Z');
    expect(get.rps).toBe(10);
    expect(endpoints.find((e) => e.method === 'DELETE')?.requests).toBe(1);
  });
});
