import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTE, restartableRamp, type RestartableRamp } from '../../helpers/restartableRamp.ts';

const MIN = 5;
const INTERVAL_MS = 60_000;
const RAMP = { steps: [10, 25, 50, 100], interval: '60s', gates: { minRequests: MIN, p99FloorMs: 1000 } };

describe('after a restart, the ramp controller shows what it had and resumes only what is safe', () => {
  let r: RestartableRamp;
  afterEach(() => r.close());

  const editConfig = async (edit: (text: string) => string) =>
    writeFile(r.configFile, edit(await readFile(r.configFile, 'utf8')));

  it('a paused ramp stays paused (and still does not move), and resumes on command', async () => {
    r = await restartableRamp({ faults: { errorRate: 0, latencyMs: 1 }, ramp: RAMP });
    const first = await r.start();
    await first.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
    expect((await first.admin('POST', `/admin/routes/${ROUTE}/ramp/pause`)).body).toMatchObject({
      status: 'paused',
      weight: 10,
    });
    expect((await r.saved()).ramp).toMatchObject({ status: 'paused', weight: 10 });
    const before = await first.ramp();
    await first.close();

    const second = await r.start();
    expect(await second.ramp()).toEqual(before);
    await second.send(20);
    await second.clock.advance(INTERVAL_MS);
    expect(second.proxy.live.current().byId.get(ROUTE)?.weight).toBe(10);
    expect((await second.admin('GET', '/admin/ramps')).body).toMatchObject({
      ramps: [{ route: ROUTE, status: 'paused' }],
    });

    expect((await second.admin('POST', `/admin/routes/${ROUTE}/ramp/resume`)).body).toMatchObject({
      status: 'running',
      weight: 10,
    });
    expect((await r.saved()).ramp).toMatchObject({ status: 'running', weight: 10 });
    await second.drive(MIN);
    await second.clock.advance(INTERVAL_MS);
    expect(second.proxy.live.current().byId.get(ROUTE)?.weight).toBe(25);
  });

  it('a weight changed while no controller ran ⇒ not resumed: aborted with the reason, the weight left alone', async () => {
    r = await restartableRamp({ faults: { errorRate: 0, latencyMs: 1 }, ramp: RAMP });
    const first = await r.start();
    await first.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
    await first.close();
    await editConfig((text) => text.replace('weight: 10', 'weight: 40'));

    const second = await r.start();
    const state = await second.ramp();
    expect(state).toMatchObject({ status: 'aborted', weight: 40 });
    expect(state.message).toBe(
      'not resumed after restart: the weight was changed outside the ramp while no controller ran (10 → 40 %); aborted, weight left at 40 %',
    );
    expect(second.warnings).toContainEqual(
      expect.objectContaining({ msg: 'ramp not resumed after restart', route: ROUTE }),
    );
    expect((await r.saved()).ramp).toEqual(state);
    await second.send(20);
    await second.clock.advance(INTERVAL_MS);
    expect(second.proxy.live.current().byId.get(ROUTE)?.weight).toBe(40);
    // A new start continues from the step above the weight someone chose.
    expect((await second.admin('POST', `/admin/routes/${ROUTE}/ramp/start`)).body).toMatchObject({
      status: 'running',
      weight: 50,
    });
  });

  it('a route whose ramp was removed from routes.yaml while down ⇒ aborted, saying so', async () => {
    r = await restartableRamp({ faults: { errorRate: 0, latencyMs: 1 }, ramp: RAMP });
    const first = await r.start();
    await first.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
    await first.close();
    await editConfig((text) => text.replace(/ {4}ramp:\n(?: {6}.*\n)+/, ''));

    const second = await r.start();
    expect(second.proxy.live.current().byId.get(ROUTE)?.config.ramp).toBeUndefined();
    expect(await second.ramp()).toMatchObject({
      status: 'aborted',
      weight: 10,
      message: `not resumed after restart: route "${ROUTE}" no longer has a ramp in routes.yaml; aborted, weight left at 10 %`,
    });
  });

  it('a step written to routes.yaml just before a crash (state not saved yet) is recognized as the ramp’s own', async () => {
    r = await restartableRamp({ faults: { errorRate: 0, latencyMs: 1 }, ramp: RAMP });
    const first = await r.start();
    await first.admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
    await first.close();
    // What a crash between writing weight 25 to routes.yaml and saving the state leaves behind.
    const saved = JSON.parse(await readFile(r.rampStateFile, 'utf8')) as { ramps: Array<Record<string, unknown>> };
    saved.ramps[0]!.pendingWeight = 25;
    await writeFile(r.rampStateFile, JSON.stringify(saved));
    await editConfig((text) => text.replace('weight: 10', 'weight: 25'));

    const second = await r.start();
    expect(await second.ramp()).toMatchObject({ status: 'running', weight: 25, stepIndex: 1 });
    expect((await r.saved()).ramp).not.toHaveProperty('pendingWeight');
    await second.drive(MIN);
    await second.clock.advance(INTERVAL_MS);
    expect(second.proxy.live.current().byId.get(ROUTE)?.weight).toBe(50);
  });
});
