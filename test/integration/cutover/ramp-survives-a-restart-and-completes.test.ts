import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE, restartableRamp, type RampInstance, type RestartableRamp } from '../../helpers/restartableRamp.ts';

const MIN = 10;
const INTERVAL_MS = 60_000;

describe('a running ramp survives a restart of its instance', () => {
  let r: RestartableRamp;
  let first: RampInstance;
  let second: RampInstance;

  beforeAll(async () => {
    r = await restartableRamp({
      faults: { errorRate: 0, latencyMs: 1 },
      ramp: { steps: [10, 25, 50, 100], interval: '60s', gates: { minRequests: MIN, p99FloorMs: 1000 } },
    });
    first = await r.start();
  });
  afterAll(() => r.close());

  /** After every change the file is whole JSON and says what the admin API says. */
  const expectSavedAsShown = async (instance: RampInstance) => {
    const shown = await instance.ramp();
    const { file, ramp } = await r.saved();
    expect(file.version).toBe(1);
    expect(ramp).toEqual(shown);
    expect((await readdir(r.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    return shown;
  };

  it('reaches step 2, and its state file follows every change', async () => {
    expect((await first.admin('POST', `/admin/routes/${ROUTE}/ramp/start`)).body).toMatchObject({
      status: 'running',
      weight: 10,
      stepIndex: 0,
    });
    await expectSavedAsShown(first);
    await first.clock.advance(INTERVAL_MS); // no traffic yet: waiting
    expect(await expectSavedAsShown(first)).toMatchObject({ status: 'waiting', weight: 10 });
    await first.drive(MIN);
    await first.clock.advance(INTERVAL_MS);
    expect(await expectSavedAsShown(first)).toMatchObject({
      status: 'running',
      weight: 25,
      stepIndex: 1,
      consecutiveFailures: 0,
    });
    r.faulty.faults.errorRate = 0.5; // one failed interval: held at 25 %, one more would roll back
    await first.drive(MIN);
    await first.clock.advance(INTERVAL_MS);
    expect(await expectSavedAsShown(first)).toMatchObject({
      status: 'running',
      weight: 25,
      stepIndex: 1,
      consecutiveFailures: 1,
    });
  });

  it('a new instance on the same files resumes it at step 2 with its failure count and a fresh interval', async () => {
    const before = await first.ramp();
    await first.close();
    second = await r.start();
    const after = await second.ramp();
    expect(after).toMatchObject({
      status: 'running',
      weight: 25,
      stepIndex: 1,
      consecutiveFailures: 1,
      steps: [10, 25, 50, 100],
    });
    expect(after.history.slice(0, before.history.length)).toEqual(before.history);
    const resumed = after.history.at(-1)!;
    expect(resumed.event).toBe('resume-after-restart');
    expect(resumed.message).toMatch(
      /^resumed after restart at 25 % \(step 2\/4, 1 failed interval\(s\) in a row\); evidence from before the restart is gone/,
    );
    expect(second.proxy.cutover.evidence.peek(ROUTE)).toMatchObject({ legacy: { requests: 0 }, new: { requests: 0 } });
    expect(second.proxy.live.current().byId.get(ROUTE)?.weight).toBe(25);
    await expectSavedAsShown(second);
  });

  it('goes on to complete in phase new', async () => {
    r.faulty.faults.errorRate = 0;
    await second.drive(MIN);
    await second.clock.advance(INTERVAL_MS);
    expect(await expectSavedAsShown(second)).toMatchObject({
      status: 'running',
      weight: 50,
      stepIndex: 2,
      consecutiveFailures: 0,
    });
    await second.drive(MIN);
    await second.clock.advance(INTERVAL_MS);
    expect(await expectSavedAsShown(second)).toMatchObject({ status: 'completed', weight: 100 });
    expect(second.proxy.live.current().byId.get(ROUTE)?.config).toMatchObject({ phase: 'new', weight: 100 });
    expect(await readFile(r.configFile, 'utf8')).toMatch(/weight: 100/);
    const audit = (await second.proxy.admin.audit.list({ route: ROUTE })).entries;
    expect(audit.map((e) => `${e.action} ${e.toWeight}`).reverse()).toEqual([
      'phase:shadow->canary 0',
      'ramp 10',
      'ramp 25',
      'ramp 50',
      'ramp 100',
      'phase:canary->new 100',
    ]);
  });
});
