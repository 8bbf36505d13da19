// The discover table from every replica: two real replicas (`strangler start --store`) exchange their discover
// entries through one real Postgres. Unmatched traffic split across them shows up summed in each one's
// GET /admin/discover: requests, errors and time in legacy add, first seen is the earliest, last seen the latest.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DiscoverDocument, DiscoveredEndpoint } from '../../../proxy/discover/discoverTable.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { POSTGRES_TOOL } from '../../helpers/storeReplicas.ts';
import { spawnMain, waitForLog, writeConfig, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

type Replica = Omit<SpawnedStrangler, 'configFile'>;

async function startReplica(url: string, seedFile: string, name: string): Promise<Replica> {
  const args = [
    '--config',
    seedFile,
    '--store',
    url,
    '--store-cache',
    `${seedFile}.${name}.cache.json`,
    '--workers',
    '1',
  ];
  const spawned = spawnMain(args, { STRANGLER_STATS_SYNC_MS: '250' });
  const line = await waitForLog(spawned, (l) => l.msg === 'strangler started', 45_000).catch((error: Error) => {
    spawned.kill();
    throw new Error(`${error.message}\nstderr: ${spawned.stderr()}`);
  });
  return { ...spawned, proxyUrl: String(line.proxy), adminUrl: String(line.admin) };
}

describeWithTool(POSTGRES_TOOL, 'discover table from every replica, summed', () => {
  let db: TestPostgres;
  let legacy: TestUpstream;
  let fresh: TestUpstream;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    db = await startPostgres();
    // Legacy answers 500 for /orders/…/fail, 200 otherwise.
    legacy = await startUpstream((req, res) =>
      res.writeHead(req.url?.endsWith('/fail') ? 500 : 200, { 'content-type': 'application/json' }).end('{}'),
    );
    fresh = await startUpstream((_req, res) => res.writeHead(200).end('{}'));
    const seed = writeConfig({
      backends: { legacy: { url: legacy.url } },
      routes: [{ id: 'routed', match: { path: '/routed' }, new: { url: fresh.url }, weight: 0 }],
    });
    a = await startReplica(db.url, seed, 'a');
    b = await startReplica(db.url, seed, 'b');
  }, 60_000);

  afterAll(async () => {
    for (const replica of [a, b]) replica?.kill();
    await Promise.all([a?.exited, b?.exited]);
    await Promise.all([legacy?.close(), fresh?.close()]);
    await db?.destroy();
  });

  const discover = (replica: Replica) =>
    fetch(`${replica.adminUrl}/admin/discover`).then((res) => res.json() as Promise<DiscoverDocument>);
  const endpoint = (doc: DiscoverDocument, template: string): DiscoveredEndpoint | undefined =>
    doc.endpoints.find((e) => e.method === 'GET' && e.template === template);
  const send = async (replica: Replica, path: (i: number) => string, n: number) => {
    for (let i = 0; i < n; i++) await fetch(`${replica.proxyUrl}${path(i)}`).then((res) => res.arrayBuffer());
  };

  it('each replica reports the unmatched requests both served, summed per template', async () => {
    await send(a, (i) => `/users/${i}`, 30);
    await send(b, (i) => `/users/${1000 + i}`, 50);
    await send(b, (i) => `/orders/${i}/fail`, 7);
    await send(a, (i) => `/orders/${i}/fail`, 3);
    await send(b, () => '/only-b', 4);
    const summed = (doc: DiscoverDocument) =>
      endpoint(doc, '/users/:param')?.requests === 80 &&
      endpoint(doc, '/orders/:param/fail')?.requests === 10 &&
      endpoint(doc, '/only-b')?.requests === 4;
    const seenByA = await pollUntil(() => discover(a), summed, 10_000);
    const seenByB = await pollUntil(() => discover(b), summed, 10_000);
    for (const doc of [seenByA, seenByB]) {
      expect(doc.scope).toBe('replicas');
      expect(endpoint(doc, '/users/:param')).toMatchObject({ requests: 80, errorRate: 0 });
      expect(endpoint(doc, '/orders/:param/fail')).toMatchObject({ requests: 10, errorRate: 1 });
      expect(endpoint(doc, '/users/:param')!.p50Ms).not.toBeNull();
      expect(doc.endpoints.some((e) => e.template === '/routed')).toBe(false);
    }
    // First seen is the earliest over replicas (A's /users traffic came first), last seen the latest (B's).
    const users = endpoint(seenByB, '/users/:param')!;
    expect(users.firstSeen <= endpoint(seenByB, '/orders/:param/fail')!.firstSeen).toBe(true);
    expect(endpoint(seenByA, '/users/:param')!.firstSeen).toBe(users.firstSeen);
    expect(endpoint(seenByA, '/users/:param')!.lastSeen).toBe(users.lastSeen);
    // strangler discover says whose traffic it shows.
    const run = await runCli(['discover'], { STRANGLER_ADMIN_URL: a.adminUrl });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^GET\s+\/users\/:param\s+80\s/m);
    expect(run.stdout).toContain('· summed over replicas ·');
    // Time in legacy adds: both replicas see the same sum.
    expect(endpoint(seenByA, '/users/:param')!.legacyMs).toBe(users.legacyMs);
  });

  it("a replica that stopped writing drops out: rows older than the stats window's span are not summed, then deleted", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const row = `insert into strangler_discover (replica, method, template, requests, errors, total_ms, latency,
          first_seen, last_seen, updated_at) values ($1, 'GET', $2, 5, 0, 10, '[]'::jsonb, $3, $3, now() - $4::interval)`;
      await client.query(row, ['gone', '/stale', Date.now(), '16 minutes']);
      await client.query(row, ['other', '/fresh-remote', Date.now(), '1 minute']);
      const doc = await pollUntil(
        () => discover(a),
        (d) => endpoint(d, '/fresh-remote')?.requests === 5,
        10_000,
      );
      expect(endpoint(doc, '/stale')).toBeUndefined();
      const left = await pollUntil(
        () => client.query("select count(*)::int as n from strangler_discover where replica = 'gone'"),
        (r) => r.rows[0].n === 0,
        10_000,
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
