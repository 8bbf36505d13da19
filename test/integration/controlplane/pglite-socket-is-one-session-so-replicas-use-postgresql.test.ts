// Why `npm run demo:replicas` runs Debian's postgresql and not PGlite over the wire protocol
// (@electric-sql/pglite-socket): its server multiplexes every client connection onto PGlite's single
// session. Replicas need what only separate sessions give: an advisory lock held by one connection is
// refused to another (edits serialized, one ramp controller), and a NOTIFY reaches the other connections'
// LISTEN (changes propagate). Measured here on real connections; if a release fixes both, this test fails
// and says so — then the demo can drop the postgresql install.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXED = 'pglite-socket now isolates sessions: npm run demo:replicas could use it instead of postgresql';

let db: PGlite;
let server: PGLiteSocketServer;
let a: pg.Client;
let b: pg.Client;

beforeAll(async () => {
  db = await PGlite.create();
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 10 });
  await server.start();
  const { port } = (
    server as unknown as { server: import('node:net').Server }
  ).server.address() as import('node:net').AddressInfo;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  a = new pg.Client(url);
  b = new pg.Client(url);
  await a.connect();
  await b.connect();
}, 60_000); // PGlite.create() compiles WebAssembly: 16 s alone here, more beside other test files
afterAll(async () => {
  await a?.end().catch(() => undefined);
  await b?.end().catch(() => undefined);
  await server?.stop();
  await db?.close();
});

describe('pglite-socket with several connections', () => {
  it('accepts several connections and answers queries on each', async () => {
    expect((await a.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    expect((await b.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
  });

  it('gives them one session: the same backend pid, and an advisory lock held by one is granted to the other', async () => {
    const pid = async (client: pg.Client) =>
      (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    expect(await pid(a), FIXED).toBe(await pid(b));
    const lock = async (client: pg.Client) =>
      (await client.query<{ ok: boolean }>('select pg_try_advisory_lock(4242) as ok')).rows[0]!.ok;
    expect(await lock(a)).toBe(true);
    expect(await lock(b), FIXED).toBe(true); // on Postgres: false while a holds it
  });

  it('does not deliver a NOTIFY from one connection to another connection LISTENing', async () => {
    const received: string[] = [];
    b.on('notification', (message) => received.push(message.payload ?? ''));
    await b.query('listen strangler_demo');
    await a.query("notify strangler_demo, 'changed'");
    // A round trip on each connection after the NOTIFY: Postgres would have delivered it by now.
    await a.query('select 1');
    await b.query('select 1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received, FIXED).toEqual([]);
  });
});
