// Every worker (and every replica) opens the services' Postgres at start and migrates it. Opened by several
// at once on an empty database, exactly one applies each migration; the others wait on the advisory lock
// and then find it done — none fails on a `create table` race, and the seed lands once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../services/domain/store/openStore.ts';
import type { Store } from '../../../services/domain/store/store.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { POSTGRES_TOOL } from '../../helpers/storeReplicas.ts';

const OPENERS = 6;

describeWithTool(POSTGRES_TOOL, 'services store migrations on one Postgres opened by many processes', () => {
  let pg: TestPostgres;
  let stores: Store[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await pg?.destroy();
  });

  it(`${OPENERS} stores opened at once on an empty database all start, with each migration applied once`, async () => {
    const opened = await Promise.allSettled(Array.from({ length: OPENERS }, () => openStore({ databaseUrl: pg.url })));
    stores = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failures = opened.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
    expect(failures).toEqual([]);
    const [store] = stores;
    expect(await store!.query('select version from schema_migrations order by version')).toEqual([{ version: 1 }]);
    expect(await store!.query('select asset, free from balances')).toEqual([{ asset: 'USD', free: 100_000 }]);
  });
});
