import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE, startRampHarness, type RampHarness } from '../../helpers/rampHarness.ts';

const MIN = 10;
const INTERVAL_MS = 60_000;
/**
 * New is the faster service by a margin machine load does not close: every legacy answer waits LEGACY_MS on top of
 * the queueing both backends share, so new's slowest request (its p99 over ten samples) would have to exceed 1.3 ×
 * (LEGACY_MS + legacy's own queueing tail) to fail the gate; with both at 2 ms one preempted request did. The p99
 * bound itself is ramp-rolls-back-on-slower-p99's subject.
 */
const LEGACY_MS = 100;

describe('the ramp controller moves a healthy new handler from 1 % to 100 %', () => {
  let h: RampHarness;

  beforeAll(async () => {
    h = await startRampHarness({
      legacyLatencyMs: LEGACY_MS,
      faults: { errorRate: 0, latencyMs: 2 },
      ramp: { steps: [1, 50, 100], interval: '60s', gates: { minRequests: MIN, p99FloorMs: 50 } },
    });
  });
  afterAll(() => h.close());

  it('starts at the first step and leaves shadow for canary', async () => {
    const started = await h.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', weight: 1 });
    expect(h.proxy.live.current().byId.get(ROUTE)?.config).toMatchObject({ phase: 'canary', weight: 1 });
  });

  it('waits, and says why, while new has too little traffic', async () => {
    await h.clock.advance(INTERVAL_MS);
    const state = (await h.admin('GET', `/admin/routes/${ROUTE}/ramp`)).body;
    expect(state).toMatchObject({ status: 'waiting', weight: 1 });
    expect(state.message).toMatch(/^waiting for traffic: legacy \d+\/10, new 0\/10 requests this interval$/);
  });

  it('advances one step per interval while the gates pass, then completes in phase new', async () => {
    await h.drive(MIN);
    await h.clock.advance(INTERVAL_MS);
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(50);
    await h.drive(MIN);
    await h.clock.advance(INTERVAL_MS);
    const state = (await h.admin('GET', `/admin/routes/${ROUTE}/ramp`)).body;
    expect(state).toMatchObject({ status: 'completed', weight: 100 });
    expect(h.proxy.live.current().byId.get(ROUTE)?.config).toMatchObject({ phase: 'new', weight: 100 });
    const audit = (await h.proxy.admin.audit.list({ route: ROUTE })).entries;
    expect(audit.map((e) => `${e.action} ${e.toWeight}`).reverse()).toEqual([
      'phase:shadow->canary 0',
      'ramp 1',
      'ramp 50',
      'ramp 100',
      'phase:canary->new 100',
    ]);
    const panel = (await h.admin('GET', '/admin/cutover')).body as { routes: Array<{ id: string; ramp: unknown }> };
    expect(panel.routes).toEqual([
      {
        id: ROUTE,
        phase: 'new',
        ramp: { status: 'completed', weight: 100, message: 'gates passed at 50 %; ramp complete at 100 %' },
        shadow: null,
      },
    ]);
  });
});
