import { describe, expect, it } from 'vitest';
import { compareVerdict } from '../../../proxy/cli/verdict.ts';
import type { StatsSummary } from '../../../proxy/stats/statsWindow.ts';

const summary = (requests: number, errorRate: number, p99Ms: number): StatsSummary => ({
  requests,
  errors: Math.round(requests * errorRate),
  errorRate,
  rps: requests / 300,
  p50Ms: p99Ms / 4,
  p95Ms: p99Ms / 2,
  p99Ms,
});

describe('compare verdict', () => {
  it('says not enough traffic below the minimum count, naming it', () => {
    const verdict = compareVerdict(summary(500, 0, 100), summary(40, 0, 100), 100);
    expect(verdict.kind).toBe('not enough traffic');
    expect(verdict.line).toContain('min 100 requests per backend');
  });

  it('says worse for 1 pp more errors or a 1.5× p99', () => {
    expect(compareVerdict(summary(500, 0.01, 100), summary(500, 0.02, 100)).kind).toBe('worse');
    expect(compareVerdict(summary(500, 0, 100), summary(500, 0, 150)).kind).toBe('worse');
  });

  it('says better for a much faster p99 and same for small differences', () => {
    expect(compareVerdict(summary(500, 0, 100), summary(500, 0, 50)).kind).toBe('better');
    expect(compareVerdict(summary(500, 0.01, 100), summary(500, 0.012, 105)).kind).toBe('same');
  });
});
