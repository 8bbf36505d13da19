import { describe, expect, it } from 'vitest';
import { StatsWindow } from '../../../proxy/stats/statsWindow.ts';

describe("other replicas' stats buckets (from the shared store) add to this replica's", () => {
  it("summary and series report the sum; ownBuckets stays this replica's own; a new read replaces the old", () => {
    const now = 1_000_000;
    const mine = new StatsWindow(() => now);
    const theirs = new StatsWindow(() => now);
    for (let i = 0; i < 3; i++) mine.record('orders', 'new', 200, 5);
    for (let i = 0; i < 7; i++) theirs.record('orders', 'new', i < 2 ? 500 : 200, 500);
    mine.setRemoteBuckets(theirs.ownBuckets(0));
    const summary = mine.summary('orders', 'new', 0);
    expect(summary).toMatchObject({ requests: 10, errors: 2 });
    // 3 fast + 7 slow: the p99 is the other replica's latency, within the histogram's 5 %.
    expect(summary.p99Ms).toBeGreaterThan(475);
    expect(summary.p99Ms).toBeLessThan(525);
    expect(mine.series('orders', 'new', now).map((p) => p.requests)).toEqual([10]);
    expect(mine.ownBuckets(0).map((b) => b.requests)).toEqual([3]);
    mine.setRemoteBuckets([]);
    expect(mine.summary('orders', 'new', 0).requests).toBe(3);
  });
});
