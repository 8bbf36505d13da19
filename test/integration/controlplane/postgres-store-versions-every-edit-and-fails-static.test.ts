// Two replicas' edit paths on one real Postgres store: each change is a new version with exactly one audit
// row, racing edits with the same If-Match have one winner and one 412, and a stopped database answers
// 503 STORE_UNAVAILABLE while the live table stays as it was.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveConfig } from '../../../proxy/config/live.ts';
import { snapshotFromText } from '../../../proxy/config/load.ts';
import { ConfigChangeLock } from '../../../proxy/config/reloadLock.ts';
import { PostgresStore } from '../../../proxy/controlplane/postgres/postgresStore.ts';
import { RouteEditor } from '../../../proxy/controlplane/routeEdit.ts';
import { WeightChanger } from '../../../proxy/admin/weightChange.ts';
import { routesYaml, testHandlers } from '../../helpers/adminFixtures.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';

const context = { handlerNames: testHandlers().names };
const seed = routesYaml('http://127.0.0.1:9');
const logger = pino({ level: 'silent' });

interface Replica {
  store: PostgresStore;
  live: LiveConfig;
  weights: WeightChanger;
}

async function replica(url: string): Promise<Replica> {
  const store = await PostgresStore.open(url);
  const live = new LiveConfig(snapshotFromText(seed, 'seed', context));
  const weights = new WeightChanger(new RouteEditor({ live, store, lock: new ConfigChangeLock(), context, logger }));
  return { store, live, weights };
}

describe('the Postgres control-plane store', { timeout: 120_000 }, () => {
  let pg: TestPostgres;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    pg = await startPostgres();
    a = await replica(pg.url);
    b = await replica(pg.url);
    const seedAudit = {
      time: new Date().toISOString(),
      actor: 'test',
      action: 'store-init',
      route: '',
      fromWeight: 0,
      toWeight: 0,
      reason: 'seed',
      configHashBefore: '',
      configHashAfter: a.live.current().hash,
    };
    expect(await a.store.init(seed, seedAudit)).toBe(1);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.store.close(), b?.store.close()]);
    await pg?.destroy();
  });

  it('refuses to seed a store twice', async () => {
    await expect(a.store.init(seed, {} as never)).rejects.toThrow(/already holds version 1/);
  });

  it('stores each edit as a new version, byte-preserving, and the other replica catches up before its own edit', async () => {
    const first = await a.weights.change({
      routeId: 'orders',
      weight: 30,
      reason: 'step',
      actor: 'ann',
      action: 'shift',
      ifMatch: a.live.current().hash,
    });
    expect(first).toMatchObject({ ok: true, fromWeight: 10, toWeight: 30, persisted: true });
    expect(await a.store.latest()).toEqual({ version: 2, text: routesYaml('http://127.0.0.1:9', { orders: 30 }) });
    // b still has the seed live; it is checked against, and applied on top of, the stored version 2.
    const second = await b.weights.change({
      routeId: 'status',
      weight: 5,
      reason: 'step',
      actor: 'bob',
      action: 'shift',
    });
    expect(second).toMatchObject({ ok: true, fromWeight: 0, toWeight: 5 });
    expect(b.live.current().byId.get('orders')?.weight).toBe(30);
    expect((await a.store.latest())?.version).toBe(3);
  });

  it('lets exactly one of two racing edits with the same If-Match win, and audits each change once', async () => {
    const latest = (await a.store.latest())!;
    const hash = snapshotFromText(latest.text, 'store', context).hash;
    const [x, y] = await Promise.all([
      a.weights.change({
        routeId: 'orders',
        weight: 40,
        reason: 'race a',
        actor: 'ann',
        action: 'shift',
        ifMatch: hash,
      }),
      b.weights.change({
        routeId: 'orders',
        weight: 50,
        reason: 'race b',
        actor: 'bob',
        action: 'shift',
        ifMatch: hash,
      }),
    ]);
    const results = [x, y];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ status: 412, code: 'STALE_CONFIG' });
    const { entries } = await a.store.audit.list({ limit: 100 });
    expect(entries.map((e) => e.reason)).toEqual([x.ok ? 'race a' : 'race b', 'step', 'step', 'seed']);
    expect((await a.store.latest())?.version).toBe(4);
  });

  it('answers 503 STORE_UNAVAILABLE while the database is down and keeps the live table', async () => {
    await pg.stop();
    const before = a.live.current().hash;
    const down = await a.weights.change({
      routeId: 'orders',
      weight: 60,
      reason: 'while down',
      actor: 'ann',
      action: 'shift',
    });
    expect(down).toMatchObject({ ok: false, status: 503, code: 'STORE_UNAVAILABLE' });
    expect(!down.ok && down.message).toMatch(
      /control-plane store is unavailable .* routing goes on with the last applied table/,
    );
    expect(a.live.current().hash).toBe(before);
    await pg.start();
    const back = await a.weights.change({
      routeId: 'orders',
      weight: 60,
      reason: 'after',
      actor: 'ann',
      action: 'shift',
    });
    expect(back).toMatchObject({ ok: true, toWeight: 60 });
  });
});
