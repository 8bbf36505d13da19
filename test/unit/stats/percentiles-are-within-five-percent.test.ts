import { describe, expect, it } from 'vitest';
import { StatsWindow } from '../../../proxy/stats/statsWindow.ts';

describe('stats window percentiles come from a fine fixed histogram', () => {
  it('p50, p95 and p99 of 1..1000 ms are within 5 % of the exact values', () => {
    const stats = new StatsWindow(() => 1_000_000);
    for (let ms = 1; ms <= 1000; ms++) stats.record('orders', 'new', 200, ms);
    const summary = stats.summary('orders', 'new', 0);
    expect(summary.requests).toBe(1000);
    expect(Math.abs(summary.p50Ms! - 500) / 500).toBeLessThan(0.05);
    expect(Math.abs(summary.p95Ms! - 950) / 950).toBeLessThan(0.05);
    expect(Math.abs(summary.p99Ms! - 990) / 990).toBeLessThan(0.05);
  });

  it('reports null percentiles when a backend had no requests', () => {
    const stats = new StatsWindow(() => 1_000_000);
    expect(stats.summary('orders', 'legacy', 0)).toMatchObject({ requests: 0, errorRate: 0, p50Ms: null, p99Ms: null });
  });
});
