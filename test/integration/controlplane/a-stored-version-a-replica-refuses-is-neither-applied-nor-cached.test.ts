// A replica on the Postgres store that reads a version it cannot validate (written around the edit path,
// e.g. by hand in SQL) keeps routing on its last good table, counts a failed reload, and does not cache the
// refused version — so a restart while the database is down starts from a table it can serve. The next good
// version is applied and cached as usual.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOnSharedStore } from '../../../proxy/controlplane/postgres/sharedStoreStart.ts';
import { CHANGE_CHANNEL } from '../../../proxy/controlplane/postgres/postgresStore.ts';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startStrangler, type Strangler } from '../../../proxy/start.ts';
import { routesYaml, tempDir } from '../../helpers/adminFixtures.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { testInstanceDefaults } from '../../helpers/proxy.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { POSTGRES_TOOL, waitUntil } from '../../helpers/storeReplicas.ts';

const seedText = routesYaml('http://127.0.0.1:9')
  .replaceAll('handler: orders', 'url: http://127.0.0.1:9')
  .replace('{handler: status}', '{ url: http://127.0.0.1:9 }');

describeWithTool(POSTGRES_TOOL, 'a stored version this replica refuses', () => {
  let db: TestPostgres;
  let sql: pg.Client;
  let proxy: Strangler;
  let cacheFile: string;

  beforeAll(async () => {
    db = await startPostgres();
    const dir = await tempDir('strangler-refused-');
    const seedFile = path.join(dir, 'routes.yaml');
    cacheFile = path.join(dir, 'store-cache.json');
    await writeFile(seedFile, seedText);
    const handlers = handlerRegistry({});
    const logger = pino({ level: 'silent' });
    const { shared, snapshot } = await startOnSharedStore({
      url: db.url,
      cacheFile,
      seedFile,
      context: { handlerNames: handlers.names },
      logger,
    });
    proxy = await startStrangler({ ...testInstanceDefaults(), snapshot, handlers, shared });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await proxy?.close();
    await db?.destroy();
  });

  const insert = async (version: number, text: string) => {
    await sql.query('insert into strangler_route_tables (version, text, hash) values ($1, $2, $3)', [
      version,
      text,
      `test-${version}`,
    ]);
    await sql.query('select pg_notify($1, $2)', [CHANGE_CHANNEL, String(version)]);
  };
  const cachedVersion = async () => (JSON.parse(await readFile(cacheFile, 'utf8')) as { version: number }).version;
  const metrics = async () => (await fetch(`${proxy.adminUrl}/metrics`)).text();

  it('keeps the last good table and cache, counts the failure, then applies the next good version', async () => {
    const good = proxy.live.current().hash;
    expect(await cachedVersion()).toBe(1);
    await insert(2, seedText.replace('weight: 10', 'weight: 140'));
    await waitUntil('the refused version counted', async () =>
      (await metrics()).includes('strangler_config_reload_total{result="failure"} 1'),
    );
    expect(proxy.live.current().hash).toBe(good);
    expect(await cachedVersion()).toBe(1);

    await insert(3, seedText.replace('weight: 10', 'weight: 30'));
    await waitUntil('version 3 applied', async () => proxy.live.current().byId.get('orders')?.weight === 30);
    await waitUntil('version 3 cached', async () => (await cachedVersion()) === 3);
    expect(await metrics()).toMatch(/strangler_config_info\{version="3",hash="\w+"\} 1/);
  });
});
