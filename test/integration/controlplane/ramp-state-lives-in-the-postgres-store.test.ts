// On the Postgres store the ramp controller's state is a row in the database, not <config>.ramp.json: what
// one process saves, another (a restarted or replacement controller on another machine) loads; while the
// database is down a save is logged and kept in memory, and a load starts empty, both without throwing.
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresStore } from '../../../proxy/controlplane/postgres/postgresStore.ts';
import { idleState, type RampState } from '../../../proxy/cutover/ramp/rampState.ts';
import { RampStore } from '../../../proxy/cutover/ramp/rampStore.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { POSTGRES_TOOL } from '../../helpers/storeReplicas.ts';

const NOW = Date.parse('2026-03-01T00:00:00Z');

function rampStoreOn(shared: PostgresStore) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return {
    ramps: new RampStore({ shared, file: '/nonexistent/never-written.ramp.json', logger, now: () => NOW }),
    lines,
  };
}

describeWithTool(POSTGRES_TOOL, 'ramp state in the Postgres store', () => {
  let pg: TestPostgres;
  let one: PostgresStore;
  let two: PostgresStore;
  beforeAll(async () => {
    pg = await startPostgres();
    [one, two] = await Promise.all([PostgresStore.open(pg.url), PostgresStore.open(pg.url)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await pg?.destroy();
  });

  it('is saved by one process and loaded by another, the newest state whole', async () => {
    const { ramps } = rampStoreOn(one);
    expect(await ramps.load()).toEqual([]);
    const state: RampState = {
      ...idleState('orders'),
      status: 'running',
      steps: [10, 50, 100],
      stepIndex: 0,
      weight: 10,
    };
    ramps.source(() => [state]);
    const saves: Array<Promise<void>> = [];
    for (const weight of [10, 20, 30]) {
      state.weight = weight;
      saves.push(ramps.save());
    }
    await Promise.all(saves);
    const { ramps: other, lines } = rampStoreOn(two);
    expect(await other.load()).toEqual([{ ...state, weight: 30 }]);
    expect(lines).toEqual([]);
  });

  it('logs instead of throwing while the database is down, and saves again once it is back', async () => {
    const { ramps, lines } = rampStoreOn(one);
    const state: RampState = { ...idleState('orders'), status: 'paused', weight: 40 };
    ramps.source(() => [state]);
    await pg.stop();
    await expect(ramps.save()).resolves.toBeUndefined();
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'could not write the ramp state to the control-plane store; ramp state is kept in memory until the next change',
      }),
    );
    const { ramps: reader, lines: readerLines } = rampStoreOn(two);
    expect(await reader.load()).toEqual([]);
    expect(readerLines).toContainEqual(
      expect.objectContaining({
        msg: 'could not read the ramp state from the control-plane store; starting with no ramp state',
      }),
    );
    await pg.start();
    await ramps.save();
    expect(await rampStoreOn(two).ramps.load()).toEqual([state]);
  });
});
