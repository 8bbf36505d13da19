import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnProxyOn, type ProxyProcess } from '../../helpers/adminCli.ts';
import { tempDir } from '../../helpers/adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

// Staged so the verdict follows from error rates alone, whatever the latencies: legacy answers every request,
// new (an out-of-process upstream) fails every one. POSTs, so the fallback (which replays only safe methods)
// cannot turn new's failures into legacy answers.
const routesYaml = (legacyUrl: string, brokenUrl: string) => `backends:
  legacy: { url: ${legacyUrl} }
  upstreams:
    broken: { url: ${brokenUrl} }
sticky:
  key: [header:x-user-id, ip]
routes:
  - id: orders
    match: { path: /api/orders, methods: [GET, POST] }
    new: { upstream: broken }
    weight: 50
`;

describe('strangler compare', () => {
  let legacy: TestUpstream;
  let broken: TestUpstream;
  let proxy: ProxyProcess;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    broken = await startUpstream((_req, res) => {
      res.statusCode = 500;
      res.end('{"error":"broken"}');
    });
    const configFile = path.join(await tempDir('strangler-compare-'), 'routes.yaml');
    await writeFile(configFile, routesYaml(legacy.url, broken.url));
    proxy = await spawnProxyOn(configFile);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fetch(`${proxy.proxyUrl}/api/orders`, { method: 'POST', body: '{}', headers: { 'x-user-id': `u${i}` } }).then(
          (r) => r.arrayBuffer(),
        ),
      ),
    );
  });
  afterAll(async () => {
    await proxy?.stop();
    await legacy?.close();
    await broken?.close();
  });

  it('shows requests, error rate, p50/p95/p99 and new/legacy ratios for both backends', async () => {
    const run = await runCli(['compare', 'orders', '--window', '2m', '--min-requests', '5'], {
      STRANGLER_ADMIN_URL: proxy.adminUrl,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('route orders · weight 50% · last 120 s');
    expect(run.stdout).toMatch(/^\s+LEGACY\s+NEW\s+NEW\/LEGACY$/m);
    const requests = /^requests\s+(\d+)\s+(\d+)\s+×[\d.]+$/m.exec(run.stdout)!;
    expect(Number(requests[1]) + Number(requests[2])).toBe(60);
    expect(run.stdout).toMatch(/^error rate\s+0\.00%\s+100\.00%\s+-$/m);
    for (const row of ['error rate', 'p50', 'p95', 'p99'])
      expect(run.stdout).toMatch(new RegExp(`^${row}\\s+\\S+\\s+\\S+\\s+\\S+$`, 'm'));
    expect(run.stdout).toMatch(
      /^verdict: new is worse — error rate \+100\.00 pp, p99 ×\d+\.\d\d \(min 5 requests per backend\)$/m,
    );
  });

  it('says not enough traffic below the minimum, naming it', async () => {
    const run = await runCli(['compare', 'orders', '--min-requests', '1000'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.stdout).toMatch(
      /^verdict: not enough traffic — legacy \d+, new \d+ requests \(min 1000 requests per backend\)$/m,
    );
  });
});
