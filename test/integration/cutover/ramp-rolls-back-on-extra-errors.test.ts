import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE, startRampHarness, type RampHarness } from '../../helpers/rampHarness.ts';

const MIN = 40;
const INTERVAL_MS = 60_000;

describe('a new handler with 3 pp more errors than legacy is rolled back', () => {
  let h: RampHarness;

  beforeAll(async () => {
    h = await startRampHarness({
      legacyLatencyMs: 1,
      faults: { errorRate: 0.03, latencyMs: 1 },
      ramp: {
        steps: [25, 50, 100],
        interval: '60s',
        gates: { minRequests: MIN, maxErrorRateDelta: 0.5, p99FloorMs: 1000 },
      },
    });
    await h.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
  });
  afterAll(() => h.close());

  it('holds the step after the first failing interval', async () => {
    await h.drive(MIN);
    await h.clock.advance(INTERVAL_MS);
    const state = (await h.admin('GET', `/admin/routes/${ROUTE}/ramp`)).body;
    expect(state).toMatchObject({ status: 'running', weight: 25, consecutiveFailures: 1 });
    expect(state.message).toMatch(
      /gates failed once at 25 % \(errorRateDelta: error rate new [\d.]+ % vs legacy 0\.00 %/,
    );
  });

  it('rolls back to 0 at the second failing interval, recording the reason in audit log and metrics', async () => {
    await h.drive(MIN);
    await h.clock.advance(INTERVAL_MS);
    const state = (await h.admin('GET', `/admin/routes/${ROUTE}/ramp`)).body;
    expect(state).toMatchObject({ status: 'rolled_back', weight: 0 });
    expect(state.rollbackReason).toMatch(
      /^errorRateDelta: error rate new [\d.]+ % vs legacy 0\.00 % \(\+[\d.]+ pp, max \+0\.5 pp\)$/,
    );
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(0);
    const [latest] = (await h.proxy.admin.audit.list({ route: ROUTE, limit: 1 })).entries;
    expect(latest).toMatchObject({
      actor: 'ramp-controller',
      action: 'ramp-rollback',
      fromWeight: 25,
      toWeight: 0,
      reason: `ramp rollback: ${String(state.rollbackReason)}`,
    });
    const metrics = await (await fetch(`${h.proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/strangler_ramp_rollbacks_total\{route="quote",gate="errorRateDelta"\} 1/);
    expect(metrics).toMatch(/strangler_ramp_state\{route="quote",state="rolled_back"\} 1/);
  });
});
