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
  // new holds its answers until the test opens the gate, so the first copy keeps the only slot for as long as needed.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const handlers = handlerRegistry({
      record: (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          seen.push({
            method: req.method ?? '',
            shadow: req.headers['x-strangler-shadow'] as string | undefined,
            body: Buffer.concat(chunks).toString(),
          });
          void gate.then(() => res.end('{}'));
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
          {
            id: 'writes',
            match: { path: '/writes' },
            new: { handler: 'record' },
            weight: 0,
            phase: 'shadow',
            shadow,
            shadowWrites: 'sandbox',
          },
        ],
      },
    });
  });
  afterAll(async () => {
    openGate();
    await proxy.close();
    await legacy.close();
  });

  const counts = async (route: string) =>
    (
      (await (await fetch(`${proxy.adminUrl}/admin/routes/${route}/diffs`)).json()) as {
        counts: Record<string, number>;
      }
    ).counts;

  const total = (c: Record<string, number>) => c.shed! + c.mismatch! + c.match! + c.error!;

  it('sheds copies over maxConcurrent and counts them, while every client is served', async () => {
    expect((await fetch(`${proxy.url}/reads`)).status).toBe(200);
    // The first copy has reached new and is held there: the one slot stays taken while the next four arrive.
    await pollUntil(
      async () => seen.length,
      (n) => n === 1,
    );
    expect(seen).toMatchObject([{ method: 'GET' }]);
    const statuses = await Promise.all(
      Array.from({ length: 4 }, async () => (await fetch(`${proxy.url}/reads`)).status),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(
      (
        await pollUntil(
          () => counts('reads'),
          (c) => c.shed === 4,
        )
      ).shed,
    ).toBe(4);
    openGate();
    const result = await pollUntil(
      () => counts('reads'),
      (c) => total(c) === 5,
    );
    expect(result).toMatchObject({ shed: 4 });
    expect(result.match! + result.mismatch!).toBe(1);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
  });

  it('does not copy a POST to new unless the route opts in to sandboxed writes', async () => {
    const before = await counts('reads');
    await (await fetch(`${proxy.url}/reads`, { method: 'POST', body: '{"qty":1}' })).arrayBuffer();
    // A GET after it: with one slot, a copy of the POST still running would shed this one, and a finished one would be in `seen`.
    await (await fetch(`${proxy.url}/reads`)).arrayBuffer();
    const after = await pollUntil(
      () => counts('reads'),
      (c) => total(c) === total(before) + 1,
    );
    expect(after.shed).toBe(before.shed);
    expect(after.match! + after.mismatch!).toBe(before.match! + before.mismatch! + 1);
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);

    await (await fetch(`${proxy.url}/writes`, { method: 'POST', body: '{"qty":2}' })).arrayBuffer();
    await pollUntil(
      async () => seen.filter((s) => s.method === 'POST'),
      (posts) => posts.length === 1,
    );
    expect(seen.filter((s) => s.method === 'POST')).toEqual([{ method: 'POST', shadow: 'sandbox', body: '{"qty":2}' }]);
  });

  it('sheds a request whose body is over maxBodyBytes', async () => {
    const before = await counts('writes');
    await (await fetch(`${proxy.url}/writes`, { method: 'POST', body: 'x'.repeat(4097) })).arrayBuffer();
    expect(
      (
        await pollUntil(
          () => counts('writes'),
          (c) => c.shed === before.shed! + 1,
        )
      ).shed,
    ).toBe(before.shed! + 1);
  });
});
