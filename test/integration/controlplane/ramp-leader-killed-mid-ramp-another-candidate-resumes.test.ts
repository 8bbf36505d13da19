// One ramp controller across replicas: two candidate processes on one real Postgres store, a lease elects
// one. SIGKILL the leader mid-ramp: the other takes the lease within its TTL, resumes the same ramp at the
// step the dead leader had reached, and finishes it; the audit trail has every step exactly once. A write
// fenced with the dead leader's term is refused; a leader whose lease is taken stops ramping at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresLease } from '../../../proxy/controlplane/postgres/lease.ts';
import { PostgresStore } from '../../../proxy/controlplane/postgres/postgresStore.ts';
import { FencedWriteError } from '../../../proxy/controlplane/writeFence.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { spawnMain, waitForLog, writeConfig, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import pino from 'pino';

const TTL_MS = 2_000;
const ROUTE = 'quote';
const STEPS = [10, 25, 50, 100];

interface Candidate extends Omit<SpawnedStrangler, 'configFile'> {
  holder: () => string;
}

interface Ramps {
  leading: boolean;
  ramps: Array<{
    route: string;
    status: string;
    weight: number;
    stepIndex: number;
    history: Array<{ event: string; message: string }>;
  }>;
}

/** `strangler start --store … --ramp-controller`, as a replica is run; each gets its own table cache. */
async function startCandidate(url: string, seedFile: string, name: string): Promise<Candidate> {
  const args = [
    '--config',
    seedFile,
    '--store',
    url,
    '--store-cache',
    `${seedFile}.${name}.cache.json`,
    '--ramp-controller',
    '--workers',
    '1',
  ];
  const spawned = spawnMain(args, { STRANGLER_RAMP_LEASE_TTL_MS: String(TTL_MS) });
  const line = await waitForLog(spawned, (l) => l.msg === 'strangler started', 45_000).catch((error: Error) => {
    spawned.kill();
    throw new Error(`${error.message}\nstderr: ${spawned.stderr()}`);
  });
  const holder = () => String(spawned.logs.find((l) => l.msg === 'lease acquired: this replica leads')?.holder);
  return { ...spawned, proxyUrl: String(line.proxy), adminUrl: String(line.admin), holder };
}

const ramps = (c: Candidate) => fetch(`${c.adminUrl}/admin/ramps`).then((res) => res.json() as Promise<Ramps>);

describe('one ramp controller elected by a lease in Postgres', () => {
  let pg: TestPostgres;
  let store: PostgresStore;
  let legacy: TestUpstream;
  let fresh: TestUpstream;
  const candidates: Candidate[] = [];
  let running = true;
  let traffic: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    pg = await startPostgres();
    const answer = () =>
      startUpstream((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    [legacy, fresh] = await Promise.all([answer(), answer()]);
    store = await PostgresStore.open(pg.url);
    // The first replica seeds the empty store from this routes.yaml; the other reads the store.
    const seed = writeConfig({
      backends: { legacy: { url: legacy!.url } },
      routes: [
        {
          id: ROUTE,
          match: { path: '/quote' },
          new: { url: fresh!.url },
          weight: 0,
          phase: 'legacy',
          ramp: { steps: STEPS, interval: '1s', gates: { minRequests: 3, p99FloorMs: 1000 } },
        },
      ],
    });
    // The first to start is elected (the lease is free); the second waits as a candidate.
    candidates.push(await startCandidate(pg.url, seed, 'a'));
    await pollUntil(
      () => ramps(candidates[0]!),
      (r) => r.leading,
      10_000,
    );
    candidates.push(await startCandidate(pg.url, seed, 'b'));
    let user = 0;
    traffic = (async () => {
      while (running) {
        await Promise.all(
          candidates.flatMap((c) =>
            [0, 1, 2].map(() =>
              fetch(`${c.proxyUrl}/quote`, { headers: { 'x-user-id': `u${user++}` } }).then(
                (res) => res.arrayBuffer(),
                () => undefined,
              ),
            ),
          ),
        );
      }
    })();
  }, 60_000);

  afterAll(async () => {
    running = false;
    await traffic;
    for (const c of candidates) c.kill();
    await Promise.all(candidates.map((c) => c.exited));
    await store?.close();
    await Promise.all([legacy?.close(), fresh?.close()]);
    await pg?.destroy();
  });

  it('elects exactly one leader; the candidate refuses ramp commands and names the way to the leader', async () => {
    const [a, b] = candidates;
    expect((await ramps(a!)).leading).toBe(true);
    expect((await ramps(b!)).leading).toBe(false);
    const refused = await fetch(`${b!.adminUrl}/admin/routes/${ROUTE}/ramp/start`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'does not hold the lease now',
    );
  });

  it('the leader SIGKILLed mid-ramp: the other resumes at the same step within the TTL, no step applied twice', async () => {
    const [a, b] = candidates;
    const started = await fetch(`${a!.adminUrl}/admin/routes/${ROUTE}/ramp/start`, { method: 'POST' });
    expect(started.status, await started.clone().text()).toBe(200);
    await pollUntil(
      () => ramps(a!),
      (r) => (r.ramps[0]?.stepIndex ?? 0) >= 1,
      20_000,
    );
    a!.kill(); // SIGKILL: no hand-back, the lease must run out
    const killedAt = Date.now();
    await a!.exited;
    // What the dead leader left in the store: the step the other must resume at.
    const left = JSON.parse(
      (await store.pool.query<{ state: string }>("select state from strangler_leases where name = 'ramp'")).rows[0]!
        .state,
    ) as { ramps: Array<{ weight: number; stepIndex: number }> };
    const took = await pollUntil(
      () => ramps(b!),
      (r) => r.leading && r.ramps.length > 0,
      TTL_MS + 5_000,
    );
    const acquired = await waitForLog(b!, (l) => l.msg === 'lease acquired: this replica leads', 5_000);
    const takeoverMs = Number(acquired.time) - killedAt;
    console.log(
      `takeover ${takeoverMs} ms after SIGKILL (lease TTL ${TTL_MS} ms), resumed at ${left.ramps[0]!.weight} %`,
    );
    // The lease ran out at most TTL after the kill; the candidate wakes 20 ms after expiry (slack for a loaded VM).
    expect(takeoverMs).toBeLessThanOrEqual(TTL_MS + 500);
    expect(acquired.term).toBe(2);
    const resumed = took.ramps[0]!.history.find((e) => e.event === 'resume-after-takeover');
    expect(resumed?.message).toMatch(
      new RegExp(
        `^resumed after takeover \\(term 2\\) at ${left.ramps[0]!.weight} % \\(step ${left.ramps[0]!.stepIndex + 1}/${STEPS.length},`,
      ),
    );

    const done = await pollUntil(
      () => ramps(b!),
      (r) => r.ramps[0]?.status === 'completed',
      20_000,
    );
    expect(done.ramps[0]).toMatchObject({ status: 'completed', weight: 100 });
    // The phase change to new follows the completed status by one edit.
    const listAudit = async () => (await store.audit.list({ route: ROUTE, limit: 100 })).entries.reverse();
    const audit = await pollUntil(listAudit, (entries) => entries.at(-1)?.action === 'phase:canary->new', 10_000);
    expect(audit.map((e) => `${e.action} ${e.toWeight}`)).toEqual([
      'phase:legacy->canary 0',
      ...STEPS.map((w) => `ramp ${w}`),
      'phase:canary->new 100',
    ]);
  }, 60_000);

  it("a write fenced with the dead leader's term is refused: no version, no audit row, no state saved", async () => {
    const stale = { lease: 'ramp', term: 1, holder: candidates[0]!.holder() };
    const before = await store.latest();
    const attempt = store.edit(async (current, write) =>
      write({
        text: current.text.replace('weight: 100', 'weight: 0'),
        audit: { ...(await store.audit.list({ limit: 1 })).entries[0]!, reason: 'stale' },
        fence: stale,
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(FencedWriteError);
    await expect(attempt).rejects.toThrow(/holds term 1 of the ramp lease no longer \(term 2 is held by /);
    expect((await store.latest())?.version).toBe(before?.version);
    const lease = new PostgresLease({ url: pg.url, name: 'ramp', logger: pino({ level: 'silent' }) });
    try {
      await expect(lease.saveState('{}', stale)).rejects.toBeInstanceOf(FencedWriteError);
    } finally {
      await lease.close();
    }
    const state = (await store.pool.query<{ state: string }>("select state from strangler_leases where name = 'ramp'"))
      .rows[0]!.state;
    expect(JSON.parse(state)).toMatchObject({ ramps: [{ route: ROUTE, status: 'completed' }] });
  });

  it('a leader whose lease is taken over stops leading by its next renewal and refuses commands', async () => {
    const b = candidates[1]!;
    await store.pool.query(
      "update strangler_leases set holder = 'intruder', term = term + 1, expires_at = now() + interval '1 hour' where name = 'ramp'",
    );
    const stepped = await pollUntil(
      () => ramps(b),
      (r) => !r.leading,
      TTL_MS,
    );
    expect(stepped).toMatchObject({ leading: false, ramps: [] });
    await waitForLog(
      b,
      (l) => l.msg === 'lease lost: this replica stops leading' && l.reason === 'the lease expired or was taken over',
      5_000,
    );
    const refused = await fetch(`${b.adminUrl}/admin/routes/${ROUTE}/ramp/abort`, { method: 'POST' });
    expect(refused.status).toBe(409);
  });
});
