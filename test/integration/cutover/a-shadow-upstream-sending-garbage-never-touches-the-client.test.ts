// A new upstream that answers shadow copies with garbage (bytes that are not HTTP, a status of 000, a reset):
// the client keeps legacy's answer, each copy is a failed comparison (result "error"), no internal error is
// left uncaught (the proxy runs in this test's process) and the next request succeeds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { pollUntil } from '../../helpers/poll.ts';

const GARBAGE: Record<string, (socket: import('node:net').Socket) => void> = {
  '/not-http': (socket) => socket.end('\x00\x01garbage\r\n\r\n'),
  '/status-000': (socket) => socket.end('HTTP/1.1 000 Zero\r\ncontent-length: 2\r\n\r\n{}'),
  '/bad-header': (socket) => socket.end('HTTP/1.1 200 OK\r\nx-a b: c\r\ncontent-length: 2\r\n\r\n{}'),
  '/reset': (socket) => socket.destroy(),
};

let legacy: TestUpstream;
let next: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  next = await startRawUpstream((socket, head) => {
    const path = head.split(' ')[1] ?? '/';
    (GARBAGE[path] ?? ((s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}')))(socket);
  });
  proxy = await startProxy({
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        {
          id: 'r',
          match: { path: '/*' },
          new: { url: next.url },
          weight: 0,
          phase: 'shadow',
          shadow: { calibrationSamples: 0 },
        },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([legacy.close(), next.close()]);
});

async function shadowErrors(): Promise<number> {
  const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
  return Number(metrics.match(/strangler_shadow_comparisons_total\{route="r",result="error"\} (\d+)/)?.[1] ?? 0);
}

it.each(Object.keys(GARBAGE))(
  'shadow copy of %s answered with garbage: the client gets legacy, the copy is an error',
  async (path) => {
    const before = await shadowErrors();
    const res = await fetch(`${proxy.url}${path}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { backend: string }).backend).toBe('legacy');
    expect(await pollUntil(shadowErrors, (count) => count > before)).toBe(before + 1);
    const after = await fetch(`${proxy.url}/after${path}`);
    expect(after.status).toBe(200);
    await after.arrayBuffer();
  },
);
