import { describe, expect, it } from 'vitest';
import { StatsWindow } from '../../../proxy/stats/statsWindow.ts';

describe('the stats window counts 5xx answers as errors', () => {
  it('4xx and 499 are not errors; 500, 502 and 504 are', () => {
    const stats = new StatsWindow(() => 50_000);
    for (const status of [200, 404, 499, 500, 502, 504]) stats.record('orders', 'legacy', status, 5);
    const summary = stats.summary('orders', 'legacy', 0);
    expect(summary).toMatchObject({ requests: 6, errors: 3, errorRate: 0.5 });
  });
});
