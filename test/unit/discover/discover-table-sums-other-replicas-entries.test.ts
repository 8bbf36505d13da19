// The table adds other replicas' entries (from the shared store) to its own: counts and histograms add,
// first seen is the earliest, last seen the latest, and the sum stays within the template cap.
import { describe, expect, it } from 'vitest';
import { DiscoverTable, type DiscoverEntry } from '../../../proxy/discover/discoverTable.ts';
import { latencyBucketOf, newLatencyCounts } from '../../../proxy/stats/latencyHistogram.ts';

function remote(template: string, requests: number, ms: number, firstSeen: number, lastSeen: number): DiscoverEntry {
  const latency = newLatencyCounts();
  latency[latencyBucketOf(ms)] = requests;
  return { method: 'GET', template, requests, errors: requests, totalMs: requests * ms, latency, firstSeen, lastSeen };
}

describe('DiscoverTable with other replicas’ entries', () => {
  it('is per replica until the store feeds it, then sums per method and template', () => {
    let now = 10_000;
    const table = new DiscoverTable({ now: () => now });
    for (let i = 0; i < 10; i++) table.record('GET', `/users/${i}`, 200, 1);
    expect(table.document().scope).toBe('replica');
    now = 20_000;
    table.setRemoteEntries([remote('/users/:param', 90, 100, 5_000, 30_000), remote('/elsewhere', 3, 1, 6_000, 7_000)]);
    const doc = table.document();
    expect(doc.scope).toBe('replicas');
    const users = doc.endpoints.find((e) => e.template === '/users/:param')!;
    expect(users).toMatchObject({
      requests: 100,
      errorRate: 0.9,
      legacyMs: 9010,
      firstSeen: new Date(5_000).toISOString(),
      lastSeen: new Date(30_000).toISOString(),
    });
    // 10 of 100 at ~1 ms, 90 at ~100 ms: the median comes from the merged histogram.
    expect(users.p50Ms).toBeGreaterThan(90);
    expect(users.p50Ms).toBeLessThan(110);
    expect(doc.endpoints.find((e) => e.template === '/elsewhere')?.requests).toBe(3);
    // Own entries are not changed by the sum.
    expect(table.ownEntries().find((e) => e.template === '/users/:param')?.requests).toBe(10);
  });

  it('keeps at most maxTemplates in the sum, the most recently seen', () => {
    const table = new DiscoverTable({ maxTemplates: 2, now: () => 50_000 });
    table.record('GET', '/own', 200, 1);
    table.setRemoteEntries([remote('/old', 1, 1, 1_000, 1_000), remote('/newer', 1, 1, 1_000, 60_000)]);
    expect(
      table
        .document()
        .endpoints.map((e) => e.template)
        .sort(),
    ).toEqual(['/newer', '/own']);
  });
});
