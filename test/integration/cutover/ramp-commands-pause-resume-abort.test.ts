import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { ROUTE, startRampHarness, type RampHarness } from '../../helpers/rampHarness.ts';

describe('ramp commands', () => {
  let h: RampHarness;
  let legacy: TestUpstream;
  let follower: TestProxy;

  beforeAll(async () => {
    h = await startRampHarness({
      legacyLatencyMs: 1,
      faults: { errorRate: 0, latencyMs: 1 },
      ramp: { steps: [10, 50, 100], interval: '60s', gates: { minRequests: 5, p99FloorMs: 1000 } },
    });
    legacy = await startUpstream(echoListener('legacy'));
    follower = await startProxy({
      handlers: handlerRegistry({ quote: answerAsNew }),
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: ROUTE, match: { path: '/quote' }, new: { handler: 'quote' }, weight: 0, ramp: {} }],
      },
      start: { rampController: false },
    });
  });
  afterAll(async () => {
    await h.close();
    await follower.close();
    await legacy.close();
  });

  const cli = (...args: string[]) => runCli(['ramp', ...args], { STRANGLER_ADMIN_URL: h.proxy.adminUrl });

  it('a replica without the controller refuses ramp commands and names the one to use', async () => {
    const run = await runCli(['ramp', 'start', ROUTE], { STRANGLER_ADMIN_URL: follower.adminUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('this replica does not run the ramp controller');
    expect(follower.live.current().byId.get(ROUTE)?.weight).toBe(0);
  });

  it('start, pause and resume from the CLI; a paused ramp does not move', async () => {
    expect((await cli('start', ROUTE)).stdout).toMatch(/^quote: running at 10 % · steps \[10\] → 50 → 100\n/);
    expect((await cli('pause', ROUTE)).stdout).toMatch(/^quote: paused at 10 %/);
    expect((await runCli(['status'], { STRANGLER_ADMIN_URL: h.proxy.adminUrl })).stdout).toContain(
      '\nphases: quote canary (ramp paused at 10 %)\n',
    );
    await h.drive(5);
    await h.clock.advance(60_000);
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(10);
    expect((await cli('resume', ROUTE)).stdout).toMatch(/^quote: running at 10 %/);
    await h.drive(5);
    await h.clock.advance(60_000);
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(50);
  });

  it('abort sets the weight to 0 and stops the ramp', async () => {
    const run = await cli('abort', ROUTE, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'aborted', weight: 0 });
    expect(h.proxy.live.current().byId.get(ROUTE)?.weight).toBe(0);
    expect((await cli('pause', ROUTE)).stderr).toContain('the ramp of "quote" is not running (aborted)');
  });
});
