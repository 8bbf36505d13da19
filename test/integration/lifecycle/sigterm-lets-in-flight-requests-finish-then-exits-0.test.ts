import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

/** Long enough that the drain is clearly underway while it runs; well below the drain timeout. */
const SLOW_ANSWER_MS = 1_500;

describe('SIGTERM drains: not ready at once, no new connections, in-flight requests finish, exit 0', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;
  let slowArrived: () => void;
  const slowStarted = new Promise<void>((resolve) => (slowArrived = resolve));

  beforeAll(async () => {
    legacy = await startUpstream((req, res) => {
      if (req.url === '/slow') {
        slowArrived();
        setTimeout(() => res.end('slow done'), SLOW_ANSWER_MS);
      } else res.end('fast');
    });
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, [
      '--workers',
      '1',
      '--drain-timeout',
      '20000',
    ]);
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('drains', async () => {
    const idleKeepAlive = await idleKeepAliveConnection(strangler.proxyUrl);
    const idleClosed = new Promise<number>((resolve) => idleKeepAlive.once('close', () => resolve(Date.now())));
    expect((await fetch(`${strangler.adminUrl}/readyz`)).status).toBe(200);

    const slow = fetch(`${strangler.proxyUrl}/slow`).then(async (res) => ({
      status: res.status,
      body: await res.text(),
      at: Date.now(),
    }));
    await slowStarted;
    strangler.child.kill('SIGTERM');
    await waitUntil(async () => (await fetch(`${strangler.adminUrl}/readyz`)).status === 503);

    await expect(fetch(`${strangler.proxyUrl}/fast`)).rejects.toThrow(); // no longer accepting
    const slowAnswer = await slow;
    expect(slowAnswer).toMatchObject({ status: 200, body: 'slow done' });
    expect(await idleClosed).toBeLessThan(slowAnswer.at); // idle keep-alive closed without waiting for the slow one
    expect(await strangler.exited).toEqual({ code: 0, signal: null });
  });
});

/** A raw keep-alive connection that completed one request and now sits idle. */
async function idleKeepAliveConnection(proxyUrl: string): Promise<net.Socket> {
  const { hostname, port } = new URL(proxyUrl);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET /fast HTTP/1.1\r\nhost: ${hostname}\r\nconnection: keep-alive\r\n\r\n`);
  await new Promise<void>((resolve) =>
    socket.on('data', (chunk: Buffer) => chunk.toString().endsWith('fast') && resolve()),
  );
  return socket;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
