// `npm run demo:replicas`: three Strangler replicas on :8081, :8082, :8083 (admin :9091–:9093) sharing one
// control-plane store, so a change made through any replica is live on all three. The store is a real
// Postgres (Debian's postgresql, on a temporary data directory, as the tests run it): PGlite over the wire
// protocol (@electric-sql/pglite-socket) multiplexes every client onto one session, so LISTEN/NOTIFY and
// advisory locks — what replicas use to follow changes and serialize edits — do not work across
// connections (test/integration/controlplane/pglite-socket-is-one-session-so-replicas-use-postgresql.test.ts).
// A small legacy (:5000) and new (:5001) service answer with their name. Ctrl-C stops everything.
// DEMO_CHECK=1: make one change through :9091, wait until :9093 serves it, print how long it took, exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { PG_BIN, startPostgres } from '../helpers/postgres.ts';

const REPLICAS = [1, 2, 3].map((n) => ({ name: `replica-${n}`, port: 8080 + n, adminPort: 9090 + n }));
const BIN = path.resolve(import.meta.dirname, '../../bin/strangler.js');

if (!existsSync(`${PG_BIN}/pg_ctl`)) {
  process.stderr.write('demo:replicas needs PostgreSQL 15 server binaries: apt-get install -y postgresql\n');
  process.exit(1);
}

function nameServer(name: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(`${JSON.stringify({ backend: name, method: req.method, url: req.url })}\n`);
  });
  return new Promise((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server)),
  );
}

const dir = mkdtempSync(path.join(tmpdir(), 'strangler-demo-replicas-'));
const pg = await startPostgres();
const servers = await Promise.all([nameServer('legacy', 5000), nameServer('new', 5001)]);
const seed = path.join(dir, 'routes.yaml');
writeFileSync(
  seed,
  stringify({
    listen: { host: '127.0.0.1', port: 8081 },
    admin: { host: '127.0.0.1', port: 9091 },
    backends: { legacy: { url: 'http://127.0.0.1:5000' } },
    routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: 'http://127.0.0.1:5001' }, weight: 0 }],
  }),
);

const children: ChildProcess[] = [];
let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map((child) =>
      child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined,
    ),
  );
  for (const server of servers) server.close();
  await pg.destroy();
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

function startReplica(replica: (typeof REPLICAS)[number]): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'start',
      '--config',
      seed,
      '--store',
      pg.url,
      '--store-cache',
      path.join(dir, `${replica.name}.cache.json`),
      '--workers',
      '1',
    ],
    {
      env: {
        ...process.env,
        STRANGLER_LISTEN_PORT: String(replica.port),
        STRANGLER_ADMIN_PORT: String(replica.adminPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${replica.name}] ${chunk}`));
  child.once('exit', (code) => {
    if (!stopping) process.stderr.write(`[${replica.name}] exited with ${code}\n`);
  });
  return waitFor(
    `${replica.name} ready`,
    async () => (await fetch(`http://127.0.0.1:${replica.adminPort}/readyz`)).ok,
    60_000,
  );
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) {
      process.stderr.write(`demo:replicas: ${what} not within ${timeoutMs} ms\n`);
      await stop(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const weightOn = async (adminPort: number) =>
  (
    (await (await fetch(`http://127.0.0.1:${adminPort}/admin/routes`)).json()) as {
      routes: Array<{ id: string; weight: number }>;
    }
  ).routes.find((r) => r.id === 'orders')?.weight;

await Promise.all(REPLICAS.map(startReplica));
process.stdout.write(`3 replicas on one Postgres store (${pg.url}):
${REPLICAS.map((r) => `  ${r.name}: proxy http://127.0.0.1:${r.port}  admin http://127.0.0.1:${r.adminPort}/dashboard`).join('\n')}
  legacy http://127.0.0.1:5000, new http://127.0.0.1:5001 (they answer with their name)

Try it:
  curl -s -H 'x-user-id: alice' http://127.0.0.1:8083/api/orders          # legacy (weight 0)
  STRANGLER_ADMIN_URL=http://127.0.0.1:9091 npx strangler shift orders 100 --reason demo --yes
  curl -s -H 'x-user-id: alice' http://127.0.0.1:8083/api/orders          # new, via another replica
  STRANGLER_ADMIN_URL=http://127.0.0.1:9093 npx strangler audit           # the one shared audit trail
Ctrl-C stops the replicas and Postgres.
`);

if (process.env.DEMO_CHECK === '1') {
  const { configHash } = (await (await fetch('http://127.0.0.1:9091/admin/routes')).json()) as { configHash: string };
  const sent = Date.now();
  const answer = await fetch('http://127.0.0.1:9091/admin/routes/orders', {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'if-match': `"${configHash}"` },
    body: JSON.stringify({ weight: 100, reason: 'demo check' }),
  });
  if (!answer.ok) {
    process.stderr.write(`demo:replicas: the change through :9091 answered ${answer.status}: ${await answer.text()}\n`);
    await stop(1);
  }
  await waitFor(
    'the change on every replica',
    async () => (await Promise.all(REPLICAS.map((r) => weightOn(r.adminPort)))).every((w) => w === 100),
    5_000,
  );
  const backend = (await (await fetch('http://127.0.0.1:8083/api/orders')).json()) as { backend: string };
  process.stdout.write(
    `check: weight 100 through :9091 live on all 3 replicas after ${Date.now() - sent} ms; :8083 answered from ${backend.backend}\n`,
  );
  await stop(backend.backend === 'new' ? 0 : 1);
}
