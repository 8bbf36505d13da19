// Postgres closes connections on its own: a restart, a failover, an idle-session timeout, an operator's
// pg_terminate_backend. The server then sends each idle connection a FATAL error. The services' store pool
// and their LISTEN connection must take that as a lost connection (a warning, a new connection on the next
// query), never as an uncaught 'error' event that ends the worker. Here every connection of a --workers 2
// proxy with in-process handlers on DATABASE_URL is terminated while idle, and again by a restart.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/poll.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { POSTGRES_TOOL } from '../../helpers/storeReplicas.ts';
import { CONFIG, request } from '../../helpers/workerHandlers.ts';

const WORKER_DIED = (line: Record<string, unknown>) => line.msg === 'proxy worker died; starting a replacement';

/** Ends every other session on the server (the idle pool connections and the LISTEN of each worker). */
async function terminateOtherSessions(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where pid <> pg_backend_pid() and datname = current_database()',
    );
    return rows.filter((row) => row.ended).length;
  } finally {
    await admin.end();
  }
}

describeWithTool(POSTGRES_TOOL, 'in-process handlers on DATABASE_URL when Postgres closes their connections', () => {
  let postgres: TestPostgres;
  let strangler: SpawnedStrangler;
  beforeAll(async () => {
    postgres = await startPostgres();
    strangler = await spawnStrangler(CONFIG, ['--workers', '2'], { DATABASE_URL: postgres.url });
  }, 60_000);
  afterAll(async () => {
    strangler?.kill();
    await postgres?.destroy();
  });

  /** Orders through both workers (one connection each; round robin) until both have a pooled connection. */
  async function ordersThroughBothWorkers(): Promise<number[]> {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(`${strangler.proxyUrl}/api/orders`)).status);
    return statuses;
  }

  it('terminated idle connections: both workers stay up, warn, and answer the next requests', async () => {
    expect(await ordersThroughBothWorkers()).toEqual([200, 200, 200, 200]);
    // Each worker holds at least its LISTEN connection and one idle pooled connection.
    expect(await terminateOtherSessions(postgres.url)).toBeGreaterThanOrEqual(4);
    const warned = await pollUntil(
      async () => strangler.logs.filter((line) => line.msg === 'services store lost an idle Postgres connection'),
      (lines) => lines.length >= 2,
      5_000,
    );
    expect(new Set(warned.map((line) => line.worker)).size).toBe(2);
    expect(await ordersThroughBothWorkers()).toEqual([200, 200, 200, 200]);
    expect(strangler.logs.filter(WORKER_DIED)).toEqual([]);
    expect(strangler.child.exitCode).toBeNull();
  });

  it('a Postgres restart: requests meanwhile get 503 store_unavailable, then both workers answer again', async () => {
    await postgres.stop();
    const placing = { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1 };
    const whileDown = [
      await request(`${strangler.proxyUrl}/api/orders`),
      await request(`${strangler.proxyUrl}/api/orders`),
      await request(`${strangler.proxyUrl}/api/orders`, 'POST', placing),
      await request(`${strangler.proxyUrl}/api/orders`, 'POST', placing),
    ];
    for (const answer of whileDown) {
      expect(answer).toMatchObject({ status: 503, backend: 'new' });
      expect(JSON.parse(answer.body)).toEqual({
        error: 'store_unavailable',
        message: 'The database is unavailable; nothing was changed, retry shortly',
      });
    }
    await postgres.start();
    expect(await ordersThroughBothWorkers()).toEqual([200, 200, 200, 200]);
    // Nothing the refused orders carried was written.
    const listed = JSON.parse((await request(`${strangler.proxyUrl}/api/orders`)).body) as { orders: unknown[] };
    expect(listed.orders).toEqual([]);
    expect(strangler.logs.filter(WORKER_DIED)).toEqual([]);
    expect(strangler.child.exitCode).toBeNull();
  });
});
