// Numbers from every replica: two real replicas (`strangler start --store`) exchange their 10 s stats
// buckets through one real Postgres. Traffic split across them shows up whole in each one's /admin/stats
// (what status, compare, report and the dashboard read), and the ramp controller on replica A advances a
// route whose traffic only replica B serves: the gates and minRequests count the sum over replicas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/poll.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { spawnMain, waitForLog, writeConfig, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

type Replica = Omit<SpawnedStrangler, 'configFile'>;
interface Stats {
  routes: Array<{ id: string; backends: Record<'legacy' | 'new', { requests: number; errors: number }> }>;
}

async function startReplica(url: string, seedFile: string, name: string, extra: string[]): Promise<Replica> {
  const args = [
    '--config',
    seedFile,
    '--store',
    url,
    '--store-cache',
    `${seedFile}.${name}.cache.json`,
    '--workers',
    '1',
    ...extra,
  ];
  const spawned = spawnMain(args, { STRANGLER_STATS_SYNC_MS: '250', STRANGLER_RAMP_LEASE_TTL_MS: '2000' });
  const line = await waitForLog(spawned, (l) => l.msg === 'strangler started', 45_000).catch((error: Error) => {
    spawned.kill();
    throw new Error(`${error.message}\nstderr: ${spawned.stderr()}`);
  });
  return { ...spawned, proxyUrl: String(line.proxy), adminUrl: String(line.admin) };
}

describe('stats buckets from every replica, summed', () => {
  let pg: TestPostgres;
  let legacy: TestUpstream;
  let fresh: TestUpstream;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    pg = await startPostgres();
    const answer = () =>
      startUpstream((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    [legacy, fresh] = await Promise.all([answer(), answer()]);
    const seed = writeConfig({
      backends: { legacy: { url: legacy.url } },
      routes: [
        { id: 'split', match: { path: '/split' }, new: { url: fresh.url }, weight: 0 },
        {
          id: 'quote',
          match: { path: '/quote' },
          new: { url: fresh.url },
          weight: 0,
          phase: 'legacy',
          ramp: { steps: [50, 100], interval: '2s', gates: { minRequests: 20, p99FloorMs: 1000 } },
        },
      ],
    });
    a = await startReplica(pg.url, seed, 'a', ['--ramp-controller']);
    b = await startReplica(pg.url, seed, 'b', []);
  }, 60_000);

  afterAll(async () => {
    for (const replica of [a, b]) replica?.kill();
    await Promise.all([a?.exited, b?.exited]);
    await Promise.all([legacy?.close(), fresh?.close()]);
    await pg?.destroy();
  });

  const stats = (replica: Replica) =>
    fetch(`${replica.adminUrl}/admin/stats?window=900`).then((res) => res.json() as Promise<Stats>);
  const requestsOf = (body: Stats, route: string) => body.routes.find((r) => r.id === route)!.backends.legacy.requests;

  it('each replica reports the requests both served: /admin/stats is the sum over replicas', async () => {
    const send = async (replica: Replica, n: number) => {
      for (let i = 0; i < n; i++) await fetch(`${replica.proxyUrl}/split`).then((res) => res.arrayBuffer());
    };
    await Promise.all([send(a, 30), send(b, 50)]);
    const seenByA = await pollUntil(
      () => stats(a),
      (s) => requestsOf(s, 'split') === 80,
      10_000,
    );
    const seenByB = await pollUntil(
      () => stats(b),
      (s) => requestsOf(s, 'split') === 80,
      10_000,
    );
    expect(requestsOf(seenByA, 'split')).toBe(80);
    expect(requestsOf(seenByB, 'split')).toBe(80);
  });

  it('the ramp on replica A advances on traffic only replica B served: minRequests counts every replica', async () => {
    const started = await fetch(`${a.adminUrl}/admin/routes/quote/ramp/start`, { method: 'POST' });
    expect(started.status, await started.clone().text()).toBe(200);
    let running = true;
    let user = 0;
    const traffic = (async () => {
      while (running)
        await Promise.all(
          [0, 1, 2, 3].map(() =>
            fetch(`${b.proxyUrl}/quote`, { headers: { 'x-user-id': `u${user++}` } }).then((res) => res.arrayBuffer()),
          ),
        );
    })();
    try {
      const ramp = () =>
        fetch(`${a.adminUrl}/admin/routes/quote/ramp`).then(
          (res) =>
            res.json() as Promise<{
              status: string;
              weight: number;
              history: Array<{ event: string; message: string }>;
            }>,
        );
      const done = await pollUntil(ramp, (s) => s.status === 'completed' || s.status === 'rolled_back', 20_000);
      expect(done).toMatchObject({ status: 'completed', weight: 100 });
      expect(done.history.map((e) => `${e.event}: ${e.message}`)).toContain(
        'complete: gates passed at 50 %; ramp complete at 100 %',
      );
    } finally {
      running = false;
      await traffic;
    }
    // Replica A itself served none of it.
    const own = await stats(a);
    expect(own.routes.find((r) => r.id === 'quote')!.backends.new.requests).toBeGreaterThanOrEqual(20);
  }, 30_000);
});
