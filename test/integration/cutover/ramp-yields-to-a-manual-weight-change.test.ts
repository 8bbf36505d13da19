import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE, startRampHarness, type RampHarness } from '../../helpers/rampHarness.ts';

const INTERVAL_MS = 60_000;

describe('an operator changing the weight during a ramp', () => {
  let h: RampHarness;

  beforeAll(async () => {
    h = await startRampHarness({
      legacyLatencyMs: 1,
      faults: { errorRate: 0, latencyMs: 1 },
      ramp: { steps: [10, 50, 100], interval: '60s', gates: { minRequests: 5, p99FloorMs: 1000 } },
    });
    await h.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
  });
  afterAll(() => h.close());

  it('pauses the ramp instead of overriding the operator', async () => {
    const etag = (await fetch(`${h.proxy.adminUrl}/admin/routes`)).headers.get('etag')!;
    const patched = await fetch(`${h.proxy.adminUrl}/admin/routes/${ROUTE}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ weight: 30, reason: 'operator override' }),
    });
    expect(patched.status).toBe(200);
    await h.drive(5);
    await h.clock.advance(INTERVAL_MS);
    const state = (await h.admin('GET', `/admin/routes/${ROUTE}/ramp`)).body;
    expect(state).toMatchObject({
      status: 'paused',
      message: 'weight changed outside the ramp (10 → 30); paused — resume to continue from there',
    });
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(30);
  });

  it('continues from the first step above the new weight once resumed', async () => {
    expect((await h.admin('POST', `/admin/routes/${ROUTE}/ramp/resume`)).body).toMatchObject({
      status: 'running',
      weight: 30,
    });
    await h.drive(5);
    await h.clock.advance(INTERVAL_MS);
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(50);
  });
});
