import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { pollUntil } from '../../helpers/poll.ts';

interface Seen {
  method: string;
  shadow: string | undefined;
  body: string;
}

describe('shadow traffic is bounded and never repeats a write unless sandboxed', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;
  const seen: Seen[] = [];

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const handlers = handlerRegistry({
      record: (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          seen.push({ method: req.method ?? '', shadow: req.headers['x-strangler-shadow'] as string | undefined, body: Buffer.concat(chunks).toString() });
          // Slow enough that concurrent copies overlap and meet the concurrency limit.
          setTimeout(() => res.end('{}'), 500);
        });
      },
    });
    const shadow = { maxConcurrent: 1, calibrationSamples: 0, maxBodyBytes: 4096 };
    proxy = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [
          { id: 'reads', match: { path: '/reads' }, new: { handler: 'record' }, weight: 0, phase: 'shadow', shadow },
          { id: 'writes', match: { path: '/writes' }, new: { handler: 'record' }, weight: 0, phase: 'shadow', shadow, shadowWrites: 'sandbox' },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  const counts = async (route: string) => ((await (await fetch(`${proxy.adminUrl}/admin/routes/${route}/diffs`)).json()) as { counts: Record<string, number> }).counts;

  it('sheds copies over maxConcurrent and counts them, while every client is served', async () => {
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await fetch(`${proxy.url}/reads`)).status));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const result = await pollUntil(() => counts('reads'), (c) => c.shed! + c.mismatch! + c.match! + c.error! >= 5);
    expect(result.shed).toBe(4);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
  });

  it('does not copy a POST to new unless the route opts in to sandboxed writes', async () => {
    await (await fetch(`${proxy.url}/reads`, { method: 'POST', body: '{"qty":1}' })).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the slot is free again; any copy would arrive now
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);

    await (await fetch(`${proxy.url}/writes`, { method: 'POST', body: '{"qty":2}' })).arrayBuffer();
    await pollUntil(async () => seen.filter((s) => s.method === 'POST'), (posts) => posts.length === 1);
    expect(seen.filter((s) => s.method === 'POST')).toEqual([{ method: 'POST', shadow: 'sandbox', body: '{"qty":2}' }]);
  });

  it('sheds a request whose body is over maxBodyBytes', async () => {
    const before = await counts('writes');
    await (await fetch(`${proxy.url}/writes`, { method: 'POST', body: 'x'.repeat(4097) })).arrayBuffer();
    expect((await counts('writes')).shed).toBe(before.shed! + 1);
  });
});
