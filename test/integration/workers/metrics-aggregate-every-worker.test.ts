import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection, servingWorkers } from '../../helpers/freshConnection.ts';

const REQUESTS = 40;

describe('with --workers 2, /metrics on the admin listener adds up every worker', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: legacy.url }, weight: 30 }],
      },
      ['--workers', '2'],
    );
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('counts requests served by both workers once each, and does not add up weights', async () => {
    for (let i = 0; i < REQUESTS; i++)
      expect((await getOnFreshConnection(`${strangler.proxyUrl}/api/orders`)).status).toBe(200);
    expect((await servingWorkers(strangler.logs, 0, REQUESTS)).size).toBe(2);
    const metrics = await (await fetch(`${strangler.adminUrl}/metrics`)).text();
    const counted = [...metrics.matchAll(/^strangler_requests_total\{route="orders",[^}]*\} (\d+)$/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    expect(counted).toBe(REQUESTS);
    expect(metrics).toMatch(/^strangler_route_weight\{route="orders"\} 30$/m);
  });
});
