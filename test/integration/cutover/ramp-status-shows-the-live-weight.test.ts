// `strangler ramp status` tells the weight the proxy serves now, not the ramp's last record: before any ramp
// ("idle", not "idle at 0 %" for a route at 5 %) and right after a manual shift during a ramp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/adminCli.ts';
import { ROUTE, startRampHarness, type RampHarness } from '../../helpers/rampHarness.ts';

describe('ramp status', () => {
  let h: RampHarness;
  beforeAll(async () => {
    h = await startRampHarness({
      legacyLatencyMs: 1,
      faults: { errorRate: 0, latencyMs: 1 },
      ramp: { steps: [10, 50, 100], interval: '60s', gates: { minRequests: 5 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  const cli = (...args: string[]) => runCli(args, { STRANGLER_ADMIN_URL: h.proxy.adminUrl });

  it('shows the live weight before a ramp starts and after a manual shift during one', async () => {
    expect((await cli('phase', ROUTE, 'canary', '--reason', 'first users')).code).toBe(0);
    expect((await cli('shift', ROUTE, '5', '--reason', 'first users', '--yes')).code).toBe(0);
    expect((await cli('ramp', 'status', ROUTE)).stdout).toMatch(
      new RegExp(`^${ROUTE}: idle · live weight 5 % \\(no ramp yet: strangler ramp start ${ROUTE}\\)`),
    );
    expect((await cli('ramp', 'start', ROUTE)).stdout).toMatch(new RegExp(`^${ROUTE}: running at 10 %`));
    expect((await cli('shift', ROUTE, '40', '--reason', 'by hand', '--yes')).code).toBe(0);
    const status = (await cli('ramp', 'status', ROUTE)).stdout;
    expect(status).toMatch(
      new RegExp(
        `^${ROUTE}: (running|waiting|paused) at 10 % · live weight 40 % \\(changed outside the ramp\\)|^${ROUTE}: paused at 40 %`,
      ),
    );
  });
});
