import { describe, expect, it } from 'vitest';
import { StatsWindow } from '../../../proxy/stats/statsWindow.ts';

describe('the stats window slides', () => {
  it('keeps 10 s buckets for 15 minutes, then reuses them', () => {
    let now = 1_700_000_000_000;
    const stats = new StatsWindow(() => now);
    stats.record('orders', 'new', 200, 3);
    now += 60_000;
    stats.record('orders', 'new', 200, 3);
    stats.record('orders', 'new', 503, 3);
    const start = now - 120_000;
    expect(stats.summary('orders', 'new', start).requests).toBe(3);
    const series = stats.series('orders', 'new', now - 60_000, now + 1);
    expect(series).toHaveLength(7);
    expect(series[0]).toMatchObject({ requests: 1, errors: 0 });
    expect(series[6]).toMatchObject({ requests: 2, errors: 1 });

    now += 15 * 60_000;
    stats.record('orders', 'new', 200, 3);
    expect(stats.summary('orders', 'new', start).requests).toBe(1);
  });

  it('rps is the request count over the time the buckets cover', () => {
    let now = 1_700_000_000_000; // a bucket boundary
    const stats = new StatsWindow(() => now);
    for (let i = 0; i < 100; i++) stats.record('orders', 'legacy', 200, 1);
    now += 10_000;
    for (let i = 0; i < 100; i++) stats.record('orders', 'legacy', 200, 1);
    now += 9_999;
    expect(stats.summary('orders', 'legacy', now - 19_999).rps).toBeCloseTo(10, 1);
  });
});
