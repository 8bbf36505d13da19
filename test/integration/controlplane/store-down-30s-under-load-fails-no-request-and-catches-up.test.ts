// Fail static with three real replicas on one real Postgres: the database is stopped for 30 s while clients
// keep sending through two replicas — no client request fails, admin writes and audit reads answer
// 503 STORE_UNAVAILABLE saying what is wrong, the third replica restarted meanwhile starts from its local
// cache of the table — and once Postgres is back every replica catches up with the next change.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { writeConfig, waitForLog } from '../../helpers/spawnStrangler.ts';
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

const OUTAGE_MS = 30_000;

/** Sequential requests on keep-alive connections, `loops` at a time, until stop(); counts every outcome. */
function loadOn(urls: string[], loops: number) {
  const agent = new http.Agent({ keepAlive: true });
  const counts = { ok: 0, failed: 0, errors: [] as string[] };
  let running = true;
  const one = (url: string) =>
    new Promise<void>((resolve) => {
      http
        .get(`${url}/orders`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) counts.ok++;
            else {
              counts.failed++;
              counts.errors.push(`status ${res.statusCode}`);
            }
            resolve();
          });
        })
        .on('error', (error) => {
          counts.failed++;
          counts.errors.push(error.message);
          resolve();
        });
    });
  const workers = Array.from({ length: loops }, async (_, i) => {
    while (running) await one(urls[i % urls.length]!);
  });
  return {
    counts,
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}

async function metricsOf(replica: Replica): Promise<string> {
  return (await fetch(`${replica.adminUrl}/metrics`)).text();
}

describeWithTool(POSTGRES_TOOL, 'the control-plane store down for 30 s under load', () => {
  let pg: TestPostgres;
  let legacy: TestUpstream;
  let candidate: TestUpstream;
  let a: Replica;
  let b: Replica;
  let c: Replica;
  let restarted: Replica | undefined;

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
    [a, b, c] = await Promise.all([
      startReplica('a', pg.url, seed),
      startReplica('b', pg.url, seed),
      startReplica('c', pg.url, seed),
    ]);
  }, 150_000);
  afterAll(async () => {
    await Promise.all([a, b, c, restarted].map((replica) => stopReplica(replica)));
    await Promise.all([pg?.destroy(), legacy?.close(), candidate?.close()]);
  }, 60_000);

  it('routes on, answers 503 to writes, restarts from the cache, and catches up after', async () => {
    const before = await shiftOn(a, 'orders', 50, (await routesOf(a)).configHash, 'before the outage');
    expect(before.status).toBe(200);
    await waitUntil('weight 50 everywhere', async () =>
      (await Promise.all([a, b, c].map((r) => weightOn(r, 'orders')))).every((w) => w === 50),
    );

    const load = loadOn([a.proxyUrl, b.proxyUrl], 4);
    await pg.stop();
    const downAt = Date.now();

    const write = await shiftOn(b, 'orders', 70, (await routesOf(b)).configHash, 'while down');
    expect(write.status).toBe(503);
    expect(write.body.error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(
        /control-plane store is unavailable \(\w+: .+\) — routing goes on with the last applied table; retry once the database is back/,
      ),
    });
    await waitUntil('strangler_store_connected 0 on a', async () =>
      (await metricsOf(a)).includes('strangler_store_connected{store="postgres"} 0'),
    );
    const audit = await fetch(`${a.adminUrl}/admin/audit`);
    expect(audit.status).toBe(503);
    expect(((await audit.json()) as { error: { code: string } }).error.code).toBe('STORE_UNAVAILABLE');

    // c restarts while the database is down: it starts from its cache of version 2 and serves it.
    await stopReplica(c);
    restarted = await startReplica('c', pg.url, c.configFile, [], c.cacheFile);
    expect(restarted.logs).toContainEqual(
      expect.objectContaining({
        msg: 'control-plane store unreachable at start: routing on the cached route table until it is back',
        version: 2,
      }),
    );
    expect(await weightOn(restarted, 'orders')).toBe(50);
    expect(await configVersionOn(restarted)).toBe('2');
    const served = await fetch(`${restarted.proxyUrl}/orders`);
    expect(served.status).toBe(200);
    await served.arrayBuffer();

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    await pg.start();
    const upAt = Date.now();
    // The first write after the restart goes through (a pooled connection the restart broke is replaced).
    const after = await shiftOn(b, 'orders', 80, (await routesOf(b)).configHash, 'after the outage');
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    const replicas = [a, b, restarted];
    await waitUntil('weight 80 and version 3 on every replica', async () => {
      const [weights, versions] = await Promise.all([
        Promise.all(replicas.map((r) => weightOn(r, 'orders'))),
        Promise.all(replicas.map(configVersionOn)),
      ]);
      return weights.every((w) => w === 80) && versions.every((v) => v === '3');
    });
    const caughtUpMs = Date.now() - upAt;
    // Catching up can come through the store's poll before the replica's LISTEN connection is back (its reconnect
    // backs off), so the gauge is waited for, not read once.
    const back = restarted;
    await waitUntil('strangler_store_connected 1 on the restarted replica', async () =>
      (await metricsOf(back)).includes('strangler_store_connected{store="postgres"} 1'),
    );
    await load.stop();
    console.log(
      `store down ${Date.now() - downAt - caughtUpMs} ms: ${load.counts.ok} client requests ok, ${load.counts.failed} failed; every replica on version 3 ${caughtUpMs} ms after Postgres was back`,
    );
    expect(load.counts.failed, load.counts.errors.slice(0, 5).join('; ')).toBe(0);
    expect(load.counts.ok).toBeGreaterThan(100);
    await waitForLog(restarted, (l) => l.msg === 'control-plane store reachable again; catching up', 1_000);
    const trail = (await (await fetch(`${restarted.adminUrl}/admin/audit`)).json()) as {
      entries: Array<{ reason: string }>;
    };
    expect(trail.entries.map((e) => e.reason)).toEqual([
      'after the outage',
      'before the outage',
      expect.stringMatching(/^seeded from /),
    ]);
  }, 90_000);
});
