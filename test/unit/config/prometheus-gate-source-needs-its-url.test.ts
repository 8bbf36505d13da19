import { describe, expect, it } from 'vitest';
import { RampSchema } from '../../../proxy/config/types.ts';
import { gateQueries } from '../../../proxy/cutover/ramp/prometheusGateSource.ts';

describe('gates.source: prometheus', () => {
  it('defaults to the proxies own numbers', () => {
    expect(RampSchema.parse({}).gates).toMatchObject({ source: 'proxy' });
    expect(RampSchema.parse({}).gates.prometheusUrl).toBeUndefined();
  });

  it('needs prometheusUrl, and says so at that key', () => {
    const result = RampSchema.safeParse({ gates: { source: 'prometheus' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['gates.prometheusUrl', 'is required with source: prometheus — e.g. prometheusUrl: http://prometheus:9090'],
    ]);
  });

  it('takes an http(s) URL with an optional path prefix, nothing else', () => {
    expect(
      RampSchema.parse({ gates: { source: 'prometheus', prometheusUrl: 'http://prom:9090/prometheus' } }).gates
        .prometheusUrl,
    ).toBe('http://prom:9090/prometheus');
    expect(RampSchema.safeParse({ gates: { source: 'prometheus', prometheusUrl: 'prom:9090' } }).success).toBe(false);
    expect(RampSchema.safeParse({ gates: { source: 'graphite' } }).success).toBe(false);
  });

  it('sums every replica: the route is the only label kept apart from backend (or result)', () => {
    const q = gateQueries('orders', 60);
    expect(q.requests).toBe('sum by (backend) (increase(strangler_requests_total{route="orders"}[60s]))');
    expect(q.p99).toBe(
      'histogram_quantile(0.99, sum by (backend, le) (increase(strangler_request_duration_seconds_bucket{route="orders"}[60s])))',
    );
  });
});
