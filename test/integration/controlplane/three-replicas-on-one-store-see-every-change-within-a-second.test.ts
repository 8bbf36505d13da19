// Three real `strangler start --store postgres://…` processes on one real Postgres (one of them a
// --workers 2 cluster): a change through any replica is live on every replica within 1 s (p99 over 50
// changes, measured from sending the change, printed), and racing edits through different replicas lose
// nothing: one winner per race, 412 for the others, each applied change audited exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { writeConfig } from '../../helpers/spawnStrangler.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import {
  configVersionOn,
  POSTGRES_TOOL,
  routesOf,
  shiftOn,
  startReplica,
  stopReplica,
  waitUntil,
  weightOn,
  type Replica,
} from '../../helpers/storeReplicas.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

const CHANGES = 50;
const RACES = 5;

describeWithTool(POSTGRES_TOOL, 'three replicas on one Postgres store', () => {
  let pg: TestPostgres;
  let legacy: TestUpstream;
  let candidate: TestUpstream;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    [pg, legacy, candidate] = await Promise.all([
      startPostgres(),
      startUpstream(echoListener('legacy')),
      startUpstream(echoListener('new')),
    ]);
    const seed = writeConfig(
      stringify({
        listen: { host: '127.0.0.1', port: 0 },
        admin: { host: '127.0.0.1', port: 0 },
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/orders' }, new: { url: candidate.url }, weight: 0 }],
      }),
    );
    // Started together: they race to seed the empty store, one wins, all serve the same table.
    replicas = await Promise.all([
      startReplica('a', pg.url, seed),
      startReplica('b', pg.url, seed),
      startReplica('c', pg.url, seed, ['--workers', '2']),
    ]);
  }, 150_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => stopReplica(replica)));
    await Promise.all([pg?.destroy(), legacy?.close(), candidate?.close()]);
  }, 60_000);

  it('is seeded once and serves one table, version and hash on every replica', async () => {
    const views = await Promise.all(replicas.map(routesOf));
    expect(new Set(views.map((v) => v.configHash)).size).toBe(1);
    expect(await Promise.all(replicas.map(configVersionOn))).toEqual(['1', '1', '1']);
  });

  it('makes a change through any replica live on every replica within 1 s (p99 over 50 changes)', async () => {
    // From the answer to the change (committed and live on the replica it went through) until every
    // replica serves it; the edit's own round trip is printed beside it.
    const latencies: number[] = [];
    const edits: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const through = replicas[i % replicas.length]!;
      const weight = (i * 7 + 1) % 101;
      const { configHash } = await routesOf(through);
      const sent = Date.now();
      const result = await shiftOn(through, 'orders', weight, configHash, `change ${i}`);
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      const committed = Date.now();
      edits.push(committed - sent);
      await waitUntil(
        `change ${i} on every replica`,
        async () => (await Promise.all(replicas.map((r) => weightOn(r, 'orders')))).every((w) => w === weight),
        5_000,
        20,
      );
      latencies.push(Date.now() - committed);
    }
    const p99 = percentile(latencies, 0.99);
    console.log(
      `propagation to all 3 replicas over ${CHANGES} changes: p50 ${percentile(latencies, 0.5)} ms, p99 ${p99} ms, max ${Math.max(...latencies)} ms` +
        ` (the edit itself: p50 ${percentile(edits, 0.5)} ms, p99 ${percentile(edits, 0.99)} ms)`,
    );
    expect(p99).toBeLessThan(1_000);
    // Every replica (and both workers of c) exports the version it serves: seed + 50 changes.
    await waitUntil('version 51 everywhere', async () =>
      (await Promise.all(replicas.map(configVersionOn))).every((v) => v === String(CHANGES + 1)),
    );
  }, 40_000);

  it('lets one of each race through different replicas win, answers 412 to the others, and audits each change once', async () => {
    const winners: string[] = [];
    for (let race = 0; race < RACES; race++) {
      const { configHash } = await routesOf(replicas[0]!);
      const results = await Promise.all(
        replicas.map((r, i) => shiftOn(r, 'orders', 10 * race + i, configHash, `race ${race} via ${r.name}`)),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412, 412]);
      const won = results.findIndex((r) => r.status === 200);
      expect(
        results
          .filter((r) => r.status === 412)
          .every((r) => (r.body.error as { code: string }).code === 'STALE_CONFIG'),
      ).toBe(true);
      winners.push(`race ${race} via ${replicas[won]!.name}`);
      const weight = 10 * race + won;
      await waitUntil(`race ${race} winner everywhere`, async () =>
        (await Promise.all(replicas.map((r) => weightOn(r, 'orders')))).every((w) => w === weight),
      );
    }
    // The audit trail is the store's: the same on every replica, each applied change exactly once, no loser.
    const trails = await Promise.all(
      replicas.map(async (r) =>
        (
          (await (await fetch(`${r.adminUrl}/admin/audit?limit=1000`)).json()) as { entries: Array<{ reason: string }> }
        ).entries.map((e) => e.reason),
      ),
    );
    expect(trails[1]).toEqual(trails[0]);
    expect(trails[2]).toEqual(trails[0]);
    const expected = [...winners]
      .reverse()
      .concat(Array.from({ length: CHANGES }, (_, i) => `change ${CHANGES - 1 - i}`));
    expect(trails[0]!.slice(0, RACES + CHANGES)).toEqual(expected);
    expect(trails[0]!.length).toBe(RACES + CHANGES + 1); // and the seed
    await waitUntil('the last version everywhere', async () =>
      (await Promise.all(replicas.map(configVersionOn))).every((v) => v === String(1 + CHANGES + RACES)),
    );
  }, 20_000);
});

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.ceil(sorted.length * q) - 1]!;
}
