import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection, servingWorkers } from '../../helpers/freshConnection.ts';

const REQUESTS = 20;

describe('with --workers 2, an admin API change and a routes.yaml edit reach every worker', () => {
  let legacy: TestUpstream;
  let next: TestUpstream;
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    next = await startUpstream(echoListener('new'));
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: next.url }, weight: 0 }],
      },
      ['--workers', '2'],
    );
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
    await next.close();
  });

  async function backendsOfManyRequests(): Promise<{ backends: Set<string | undefined>; workers: number }> {
    const from = strangler.logs.length;
    const backends = new Set<string | undefined>();
    for (let i = 0; i < REQUESTS; i++)
      backends.add((await getOnFreshConnection(`${strangler.proxyUrl}/api/orders`)).backend);
    return { backends, workers: (await servingWorkers(strangler.logs, from, REQUESTS)).size };
  }

  it('PATCH /admin/routes/orders to 100 makes both workers send everything to new', async () => {
    expect(await backendsOfManyRequests()).toEqual({ backends: new Set(['legacy']), workers: 2 });
    const etag = (await fetch(`${strangler.adminUrl}/admin/routes`)).headers.get('etag')!;
    const patch = await fetch(`${strangler.adminUrl}/admin/routes/orders`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ weight: 100, reason: 'cluster test' }),
    });
    expect(patch.status).toBe(200);
    expect(await backendsOfManyRequests()).toEqual({ backends: new Set(['new']), workers: 2 });
  });

  it('an edit of routes.yaml back to 0 is reloaded by the primary and pushed to both workers', async () => {
    const text = readFileSync(strangler.configFile, 'utf8');
    expect(text).toMatch(/weight: 100/); // the admin change was persisted by the primary
    writeFileSync(strangler.configFile, text.replace(/weight: 100/, 'weight: 0'));
    let result = await backendsOfManyRequests();
    for (let tries = 0; tries < 50 && result.backends.has('new'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // the file watcher notices within its poll interval
      result = await backendsOfManyRequests();
    }
    expect(result).toEqual({ backends: new Set(['legacy']), workers: 2 });
  });
});
