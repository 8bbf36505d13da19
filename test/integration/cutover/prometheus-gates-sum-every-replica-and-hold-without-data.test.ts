// gates.source: prometheus, end to end: two real proxy processes sharing one routes.yaml, a real Prometheus
// scraping both, the ramp controller on replica A. The good route's traffic reaches replica B only, so it
// can advance only on Prometheus's sum over replicas; the bad route fails and rolls back; a route with no
// series, and one whose Prometheus is unreachable, hold at their step (never advance, never roll back).
import { writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../helpers/freePort.ts';
import { PROMETHEUS, startPrometheus, type TestPrometheus } from '../../helpers/prometheus.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnMain, spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { pollUntil } from '../../helpers/poll.ts';

const INTERVAL = '3s';
const MIN_REQUESTS = 15;

interface RampView {
  status: string;
  weight: number;
  message: string;
  consecutiveFailures: number;
  history: Array<{ event: string; message: string }>;
}

describeWithTool(PROMETHEUS, 'ramp gates read from Prometheus', (prometheusBinary) => {
  let prometheus: TestPrometheus;
  let a: SpawnedStrangler;
  let b: Omit<SpawnedStrangler, 'proxyUrl' | 'adminUrl' | 'configFile'> & { proxyUrl: string; adminUrl: string };
  const upstreams: TestUpstream[] = [];
  let stopTraffic = () => {};
  let traffic: Promise<void> = Promise.resolve();

  const ramp = (adminUrl: string, route: string) =>
    fetch(`${adminUrl}/admin/routes/${route}/ramp`).then((res) => res.json() as Promise<RampView>);

  beforeAll(async () => {
    const answer = (status: number) =>
      startUpstream((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":1}'));
    const [legacy, good, bad] = await Promise.all([answer(200), answer(200), answer(500)]);
    upstreams.push(legacy!, good!, bad!);
    const dir = mkdtempSync(path.join(tmpdir(), 'strangler-promgates-'));
    const targets = path.join(dir, 'targets.json');
    await writeFile(targets, '[]');
    // Targets come from a file written once the replicas are up (their admin ports are not known before).
    prometheus = await startPrometheus(
      prometheusBinary,
      `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: strangler\n    file_sd_configs: [{ files: [${JSON.stringify(targets)}], refresh_interval: 1s }]\n`,
    );
    const gates = {
      source: 'prometheus',
      prometheusUrl: prometheus.url,
      minRequests: MIN_REQUESTS,
      p99FloorMs: 200,
      maxErrorRateDelta: 5,
    };
    const route = (id: string, url: string, prometheusUrl = prometheus.url) => ({
      id,
      match: { path: `/${id}` },
      new: { url },
      weight: 0,
      phase: 'legacy',
      ramp: { steps: [50, 100], interval: INTERVAL, gates: { ...gates, prometheusUrl } },
    });
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const config = {
      backends: { legacy: { url: legacy!.url } },
      routes: [
        route('good', good!.url),
        route('bad', bad!.url),
        route('silent', good!.url),
        route('blind', bad!.url, unreachable),
      ],
    };
    a = await spawnStrangler(config, ['--workers', '1', '--ramp-controller']);
    const spawnedB = spawnMain(['--config', a.configFile, '--workers', '1']);
    const started = await waitForLog(spawnedB, (line) => line.msg === 'strangler started', 45_000);
    b = { ...spawnedB, proxyUrl: String(started.proxy), adminUrl: String(started.admin) };
    await writeFile(targets, JSON.stringify([{ targets: [new URL(a.adminUrl).host, new URL(b.adminUrl).host] }]));
    await pollUntil(
      () => prometheus.query('up == 1'),
      (up) => up.length === 2,
      15_000,
    );

    let running = true;
    stopTraffic = () => (running = false);
    let user = 0;
    const send = (proxyUrl: string, route: string) =>
      fetch(`${proxyUrl}/${route}`, { headers: { 'x-user-id': `u${user++}` } }).then((res) => res.arrayBuffer());
    traffic = (async () => {
      while (running) {
        // good: replica B only (A, the controller, sees none of it); bad and blind: both replicas.
        await Promise.all([
          send(b.proxyUrl, 'good'),
          send(b.proxyUrl, 'good'),
          send(a.proxyUrl, 'bad'),
          send(b.proxyUrl, 'bad'),
          send(a.proxyUrl, 'blind'),
          send(b.proxyUrl, 'blind'),
        ]);
      }
    })();
    for (const id of ['good', 'bad', 'silent', 'blind']) {
      const res = await fetch(`${a.adminUrl}/admin/routes/${id}/ramp/start`, { method: 'POST' });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    stopTraffic();
    await traffic.catch(() => undefined);
    for (const spawned of [a, b]) spawned?.kill();
    await Promise.all([a?.exited, b?.exited]);
    await prometheus?.close();
    await Promise.all(upstreams.map((u) => u.close()));
  });

  it('advances on traffic only another replica served: the gates judge the sum over replicas', async () => {
    const done = await pollUntil(
      () => ramp(a.adminUrl, 'good'),
      (s) => s.status === 'completed',
      25_000,
    );
    expect(done).toMatchObject({ status: 'completed', weight: 100 });
    expect(done.history.map((e) => `${e.event}: ${e.message}`).join('\n')).toContain(
      'complete: gates passed at 50 %; ramp complete at 100 %',
    );
  }, 30_000);

  it('rolls back the route whose new answers 5xx, with the summed error rates in the reason', async () => {
    const done = await pollUntil(
      () => ramp(a.adminUrl, 'bad'),
      (s) => s.status === 'rolled_back',
      25_000,
    );
    expect(done).toMatchObject({ status: 'rolled_back', weight: 0 });
    expect(done.message).toMatch(/^rolled back to 0 %: errorRateDelta: error rate new 100\.00 % vs legacy 0\.00 %/);
  }, 30_000);

  it('holds a route Prometheus has no series for: waiting at its step, inconclusive, no failure counted', async () => {
    const held = await pollUntil(
      () => ramp(a.adminUrl, 'silent'),
      (s) => s.history.filter((e) => e.event === 'inconclusive').length >= 2,
      15_000,
    );
    expect(held).toMatchObject({ status: 'waiting', weight: 50, consecutiveFailures: 0 });
    expect(held.message).toBe(
      `gates inconclusive, holding at 50 %: Prometheus at ${prometheus.url} has no strangler_requests_total for route "silent" in the last ${held.message.match(/last (\d+)s/)?.[1]}s (is it scraping every replica's /metrics?)`,
    );
    expect(held.history.map((e) => e.event)).not.toContain('rollback');
  }, 20_000);

  it('holds a failing route whose Prometheus is unreachable: no data is never a rollback', async () => {
    const held = await pollUntil(
      () => ramp(a.adminUrl, 'blind'),
      (s) => s.history.filter((e) => e.event === 'inconclusive').length >= 2,
      15_000,
    );
    expect(held).toMatchObject({ status: 'waiting', weight: 50, consecutiveFailures: 0 });
    expect(held.message).toMatch(
      /^gates inconclusive, holding at 50 %: Prometheus at http:\/\/127\.0\.0\.1:\d+ gave no answer \(/,
    );
    // The proxies did see new failing on this route; only the gates' source had nothing to say.
    const failures = await prometheus.query(
      'sum(strangler_requests_total{route="blind",backend="new",status_class="5xx"})',
    );
    expect(Number(failures[0]?.value[1])).toBeGreaterThan(0);
  }, 20_000);

  it('the weight the controller set is served by the other replica too (one routes.yaml)', async () => {
    const expected = { good: 100, bad: 0, silent: 50, blind: 50 };
    // The other replica reads each of the controller's writes from routes.yaml on its own time: wait for the
    // last of them (the rollback may land after the advance it already shows), not just the first.
    const weightsOnB = await pollUntil(
      async () => {
        const body = (await (await fetch(`${b.adminUrl}/admin/routes`)).json()) as {
          routes: Array<{ id: string; weight: number }>;
        };
        return Object.fromEntries(body.routes.map((r) => [r.id, r.weight]));
      },
      (weights) => Object.entries(expected).every(([id, weight]) => weights[id] === weight),
      10_000,
    );
    expect(weightsOnB).toEqual(expected);
  });
});
