// `npm run build` (scripts/build.js) on a copy of the repository in a temporary folder — never the
// repository's own dist/, which other tests' `bin/strangler.js` may be running — then the compiled
// proxy as a real process: a proxied request, /metrics and the dashboard's static files from the
// compiled main; the bin picking dist/ by itself with --demo --workers 2; tsx again once a source is
// newer than the build; and the container image's layout: only what the Dockerfile's run stage copies
// (no sources), started with its entry point, SIGHUP reloading and SIGTERM draining that very PID.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whyDistIsNotFresh } from '../../../bin/runtime.js';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnMain, spawnStrangler, waitForLog, writeConfig } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection, servingWorkers } from '../../helpers/freshConnection.ts';
import { copiesFrom, execForm, last, readDockerfile } from '../../helpers/dockerfile.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
/** What the build reads; node_modules is linked, not copied. */
const COPIED = ['bin', 'scripts', 'proxy', 'services', 'types', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const DEMO_ENV = { STRANGLER_DEMO_DATA_DIR: 'memory://', LEGACY_PORT: '0', STRANGLER_RUNTIME: '' };

let root: string;
let legacy: TestUpstream;
let buildSeconds: number;
const spawned: Array<{ kill(): void }> = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'strangler-build-'));
  for (const entry of COPIED) cpSync(path.join(REPO, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const started = Date.now();
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts/build.js')], { cwd: root });
  buildSeconds = (Date.now() - started) / 1000;
  legacy = await startUpstream(echoListener('legacy'));
}, 180_000);

afterAll(async () => {
  for (const child of spawned) child.kill();
  await legacy?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('writes JavaScript with .js imports, source maps, the dashboard files and, last, the stamp', () => {
    console.log(`build: ${buildSeconds.toFixed(1)} s`);
    const dist = path.join(root, 'dist');
    const handlerSource = readFileSync(path.join(dist, 'proxy/cluster/handlerSource.js'), 'utf8');
    expect(handlerSource).toContain(`import("../../services/stack.js")`);
    expect(handlerSource).not.toMatch(/\.ts["']/);
    expect(existsSync(path.join(dist, 'proxy/main.js.map'))).toBe(true);
    expect(existsSync(path.join(dist, 'proxy/main.d.ts'))).toBe(false);
    expect(existsSync(path.join(dist, 'proxy/admin/dashboard/static/index.html'))).toBe(true);
    expect(whyDistIsNotFresh(root)).toBeUndefined();
  });

  it('the compiled main proxies, counts in /metrics and serves the dashboard', async () => {
    const strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: legacy.url }, weight: 0 }],
      },
      ['--workers', '1'],
      {},
      [path.join(root, 'dist/proxy/main.js')],
    );
    spawned.push(strangler);
    expect(strangler.logs.find((line) => line.msg === 'strangler started')).toMatchObject({ compiled: true });
    const answer = await fetch(`${strangler.proxyUrl}/api/orders?id=7`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-strangler-backend')).toBe('legacy');
    expect(await answer.json()).toMatchObject({ backend: 'legacy', url: '/api/orders?id=7' });
    const metrics = await (await fetch(`${strangler.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/^strangler_requests_total\{route="orders",[^}]*backend="legacy"[^}]*\} 1$/m);
    expect((await fetch(`${strangler.adminUrl}/dashboard/static/main.js`)).status).toBe(200);
  }, 60_000);

  it('the bin runs dist/ by itself, with --demo and --workers 2, and every worker serves', async () => {
    const strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [
          { id: 'orders', match: { path: '/api/orders' }, new: { url: legacy.url }, weight: 0 },
          { id: 'status', match: { methods: ['GET'], path: '/api/status' }, new: { handler: 'status' }, weight: 100 },
        ],
      },
      ['--demo', '--workers', '2'],
      DEMO_ENV,
      [path.join(root, 'bin/strangler.js'), 'start'],
    );
    spawned.push(strangler);
    expect(strangler.logs.find((line) => line.msg === 'strangler started')).toMatchObject({ compiled: true });
    const from = strangler.logs.length;
    for (let i = 0; i < 10; i++)
      expect(await getOnFreshConnection(`${strangler.proxyUrl}/api/orders`)).toMatchObject({
        status: 200,
        backend: 'legacy',
      });
    expect((await servingWorkers(strangler.logs, from, 10)).size).toBe(2);
    expect(await getOnFreshConnection(`${strangler.proxyUrl}/api/status`)).toMatchObject({
      status: 200,
      backend: 'new',
    });
    const metrics = await (await fetch(`${strangler.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/^strangler_requests_total\{route="orders",[^}]*\} 10$/m);
  }, 60_000);

  it('once a source is newer than the build, the bin runs tsx, and STRANGLER_RUNTIME=dist refuses', async () => {
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'proxy/start.ts'), later, later);
    const configFile = writeConfig({ backends: { legacy: { url: legacy.url } }, routes: [] });

    const forced = spawnMain(['start', '--config', configFile], { STRANGLER_RUNTIME: 'dist' }, [
      path.join(root, 'bin/strangler.js'),
    ]);
    spawned.push(forced);
    expect((await forced.exited).code).toBe(1);
    expect(forced.stderr()).toMatch(
      /STRANGLER_RUNTIME=dist, but proxy.start\.ts changed after the last build: run `npm run build`/,
    );

    const fallback = spawnMain(['start', '--config', configFile], { STRANGLER_RUNTIME: '' }, [
      path.join(root, 'bin/strangler.js'),
    ]);
    spawned.push(fallback);
    expect(await waitForLog(fallback, (line) => line.msg === 'strangler started', 45_000)).toMatchObject({
      compiled: false,
    });
  }, 60_000);
});

describe('the container image layout (Dockerfile run stage) without sources', () => {
  it('starts with the entry point, runs dist/, SIGHUP reloads and SIGTERM drains and exits 0', async () => {
    const run = readDockerfile(path.join(REPO, 'Dockerfile')).at(-1)!;
    const workdir = last(run, 'WORKDIR')!;
    const image = mkdtempSync(path.join(tmpdir(), 'strangler-image-'));
    try {
      for (const { src } of copiesFrom(run, 'build')) {
        const relative = path.relative(workdir, src);
        if (relative === 'node_modules')
          symlinkSync(path.join(REPO, 'node_modules'), path.join(image, relative), 'dir');
        else cpSync(path.join(root, relative), path.join(image, relative), { recursive: true });
      }
      expect(existsSync(path.join(image, 'proxy'))).toBe(false);
      expect(existsSync(path.join(image, 'services'))).toBe(false);
      const [node, bin, ...startArgs] = execForm(last(run, 'ENTRYPOINT')!)!;
      expect(node).toBe('node');
      const strangler = await spawnStrangler(
        { backends: { legacy: { url: legacy.url } }, routes: [] },
        ['--workers', '2'],
        { STRANGLER_RUNTIME: 'dist', STRANGLER_AUDIT_FILE: path.join(image, 'audit.jsonl') },
        [path.join(image, bin!), ...startArgs],
      );
      spawned.push(strangler);
      expect(strangler.logs.find((line) => line.msg === 'strangler started')).toMatchObject({ compiled: true });
      expect((await fetch(`${strangler.proxyUrl}/anything`)).headers.get('x-strangler-backend')).toBe('legacy');
      const reloads = async () =>
        Number(
          /strangler_config_reload_total\{result="success"\} (\d+)/.exec(
            await (await fetch(`${strangler.adminUrl}/metrics`)).text(),
          )?.[1] ?? 0,
        );
      const before = await reloads();
      strangler.child.kill('SIGHUP');
      await expect.poll(reloads, { timeout: 10_000 }).toBe(before + 1);
      strangler.child.kill('SIGTERM');
      expect(await strangler.exited).toEqual({ code: 0, signal: null });
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  }, 60_000);
});
