import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE, startRampHarness, type RampHarness } from '../../helpers/rampHarness.ts';

const MIN = 10;
const INTERVAL_MS = 30_000;

describe('a new handler with twice legacy p99 is rolled back', () => {
  let h: RampHarness;

  beforeAll(async () => {
    h = await startRampHarness({
      // Large latencies so a stalled event loop on a busy machine (it delays both backends alike) stays
      // small next to the 2× gap.
      legacyLatencyMs: 600,
      faults: { errorRate: 0, latencyMs: 1200 },
      ramp: { steps: [50, 75, 100], interval: '30s', gates: { minRequests: MIN, maxP99Ratio: 1.3, p99FloorMs: 50 } },
    });
    await h.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
  });
  afterAll(() => h.close());

  it('fails the p99 gate on two intervals in a row and sets the weight back to 0', async () => {
    for (let interval = 0; interval < 2; interval++) {
      await h.drive(MIN);
      await h.clock.advance(INTERVAL_MS);
    }
    const state = (await h.admin('GET', `/admin/routes/${ROUTE}/ramp`)).body;
    expect(state).toMatchObject({ status: 'rolled_back', weight: 0 });
    expect(state.rollbackReason).toMatch(/^p99Ratio: p99 new [\d.]+ ms vs legacy [\d.]+ ms \(×[\d.]+, max ×1\.3\)$/);
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(0);
  });
});
