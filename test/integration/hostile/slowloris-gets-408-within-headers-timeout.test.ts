import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  expectParserRefusal,
  expectStillServing,
  startHostileSetup,
  type HostileSetup,
} from '../../helpers/hostileSetup.ts';
import { statusCodes } from '../../helpers/rawClient.ts';

const HEADERS_MS = 1_000;
let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup({ config: { timeouts: { headersMs: HEADERS_MS } } });
});
afterAll(() => setup.close());

it('a client trickling header lines gets the JSON 408 REQUEST_TIMEOUT and a closed connection soon after headersMs', async () => {
  const { hostname, port } = new URL(setup.proxy.url);
  const started = performance.now();
  const result = await new Promise<{ text: string; elapsed: number }>((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = '';
    let line = 0;
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write(`X-Drip-${line++}: 1\r\n`), 200);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(trickle);
      resolve({ text, elapsed: performance.now() - started });
    });
  });
  expect(statusCodes(result.text)).toEqual([408]);
  expectParserRefusal(result.text, 408, 'REQUEST_TIMEOUT');
  expect(result.elapsed).toBeGreaterThanOrEqual(HEADERS_MS - 50);
  expect(result.elapsed).toBeLessThan(HEADERS_MS + 4_000); // Node checks on an interval; generous for a loaded machine
  expect(setup.legacy.seen).toEqual([]);
  await expectStillServing(setup);
});
