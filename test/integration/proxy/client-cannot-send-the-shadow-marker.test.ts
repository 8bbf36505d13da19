// Only the proxy marks shadow copies: a client's own `x-strangler-shadow: sandbox` would make new run its
// write as a dry run (nothing booked, yet 201), so it never reaches legacy or new.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let next: TestUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  next = await startUpstream(echoListener('new'));
  proxy = await startProxy({
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        { id: 'to-legacy', match: { path: '/legacy' }, new: { url: next.url }, weight: 0 },
        { id: 'to-new', match: { path: '/new' }, new: { url: next.url }, weight: 100 },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([legacy.close(), next.close()]);
});

it.each([
  ['/legacy', 'legacy'],
  ['/new', 'new'],
])('a client-sent x-strangler-shadow header is removed before %s reaches %s', async (path, backend) => {
  const res = await fetch(`${proxy.url}${path}`, {
    method: 'POST',
    headers: { 'x-strangler-shadow': 'sandbox', 'content-type': 'application/json', 'x-kept': 'yes' },
    body: '{"side":"buy"}',
  });
  const seen = (await res.json()) as { backend: string; headers: Record<string, string>; body: string };
  expect(seen.backend).toBe(backend);
  expect(seen.headers['x-strangler-shadow']).toBeUndefined();
  expect(seen.headers['x-kept']).toBe('yes');
  expect(seen.body).toBe('{"side":"buy"}');
});
