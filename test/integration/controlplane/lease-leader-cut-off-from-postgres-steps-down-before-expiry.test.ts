// A leader that cannot reach Postgres steps down by itself before its lease can expire in the database, so
// two replicas never both believe they lead; when Postgres is back a candidate is elected with a higher term.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresLease } from '../../../proxy/controlplane/postgres/lease.ts';
import { PostgresStore } from '../../../proxy/controlplane/postgres/postgresStore.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';

const TTL_MS = 1_500;

describe('a leader cut off from Postgres', () => {
  let pg: TestPostgres;
  const leases: PostgresLease[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    await (await PostgresStore.open(pg.url)).close(); // runs the migrations
  }, 30_000);

  afterAll(async () => {
    await Promise.all(leases.map((lease) => lease.close()));
    await pg?.destroy();
  });

  it('steps down within the TTL without hearing from the database, and a new term is elected after', async () => {
    const logger = pino({ level: 'silent' });
    const first = new PostgresLease({ url: pg.url, name: 'ramp', ttlMs: TTL_MS, logger });
    const second = new PostgresLease({ url: pg.url, name: 'ramp', ttlMs: TTL_MS, logger });
    leases.push(first, second);
    const changes: string[] = [];
    first.onChange((leading) => changes.push(`first ${leading}`));
    second.onChange((leading) => changes.push(`second ${leading}`));
    first.start();
    await pollUntil(async () => first.leading(), Boolean, 5_000);
    second.start();
    expect(first.fence()).toMatchObject({ lease: 'ramp', term: 1 });

    await pg.stop();
    const cutOffAt = Date.now();
    await pollUntil(
      async () => first.leading(),
      (leading) => !leading,
      TTL_MS + 500,
    );
    const steppedDownMs = Date.now() - cutOffAt;
    console.log(`leader stepped down ${steppedDownMs} ms after Postgres stopped (TTL ${TTL_MS} ms)`);
    expect(first.leading()).toBe(false);
    expect(steppedDownMs).toBeLessThan(TTL_MS);
    expect(second.leading()).toBe(false);

    await pg.start();
    const elected = await pollUntil(async () => [first, second].find((lease) => lease.leading()), Boolean, 10_000);
    expect(elected?.fence()?.term).toBe(2);
    expect(changes).toEqual(['first true', 'first false', `${elected === first ? 'first' : 'second'} true`]);
  }, 30_000);
});
