import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { servingWorkers } from '../../helpers/freshConnection.ts';

/** Like getOnFreshConnection, keeping the fallback header. */
function get(url: string): Promise<{ status: number; backend: unknown; fallback: unknown; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            backend: res.headers['x-strangler-backend'],
            fallback: res.headers['x-strangler-fallback'],
            body,
          }),
        );
      })
      .on('error', reject);
  });
}

describe('with --workers 2, the cutover safety net runs in every worker: a failing new GET is answered by legacy', () => {
  let legacy: TestUpstream;
  let broken: TestUpstream;
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    broken = await startUpstream((_req, res) => {
      res.statusCode = 500;
      res.end('new is broken');
    });
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: broken.url }, weight: 100 }],
      },
      ['--workers', '2'],
    );
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
    await broken.close();
  });

  it('falls back on both workers', async () => {
    const from = strangler.logs.length;
    for (let i = 0; i < 10; i++) {
      const answer = await get(`${strangler.proxyUrl}/api/orders`);
      expect(answer).toMatchObject({ status: 200, backend: 'legacy', fallback: 'status_5xx' });
      expect(JSON.parse(answer.body)).toMatchObject({ backend: 'legacy' });
    }
    expect((await servingWorkers(strangler.logs, from, 10)).size).toBe(2);
  });
});
