import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection, servingWorkers } from '../../helpers/freshConnection.ts';

const REQUESTS = 30;

describe("with --workers 2, GET /admin/stats (what `strangler status` reads) counts every worker's requests", () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: legacy.url }, weight: 0 }],
      },
      ['--workers', '2'],
    );
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('reports all requests once the workers have sent their batches', async () => {
    for (let i = 0; i < REQUESTS; i++) await getOnFreshConnection(`${strangler.proxyUrl}/api/orders`);
    expect((await servingWorkers(strangler.logs, 0, REQUESTS)).size).toBe(2);
    const legacyRequests = async () => {
      const report = (await (await fetch(`${strangler.adminUrl}/admin/stats?window=60`)).json()) as {
        routes: Array<{ id: string; backends: { legacy: { requests: number } } }>;
      };
      return report.routes.find((route) => route.id === 'orders')!.backends.legacy.requests;
    };
    // Workers send outcomes once a second: poll for a few seconds.
    let seen = await legacyRequests();
    for (let tries = 0; tries < 50 && seen < REQUESTS; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await legacyRequests();
    }
    expect(seen).toBe(REQUESTS);
  });

  it('GET /admin/discover on the primary counts the unrouted requests of every worker', async () => {
    const from = strangler.logs.length;
    for (let i = 0; i < REQUESTS; i++) await getOnFreshConnection(`${strangler.proxyUrl}/api/users/${i}`);
    expect((await servingWorkers(strangler.logs, from, REQUESTS)).size).toBe(2);
    const unrouted = async () => {
      const body = (await (await fetch(`${strangler.adminUrl}/admin/discover`)).json()) as {
        endpoints: Array<{ method: string; template: string; requests: number }>;
      };
      return body.endpoints;
    };
    let endpoints = await unrouted();
    for (let tries = 0; tries < 50 && (endpoints[0]?.requests ?? 0) < REQUESTS; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      endpoints = await unrouted();
    }
    expect(endpoints).toMatchObject([{ method: 'GET', template: '/api/users/:param', requests: REQUESTS }]);
  });
});
