// A chunked body that turns out malformed after its head was forwarded (a bad chunk size, data not ended by
// CRLF): the client gets the JSON 400, and the upstream request is aborted — a raw legacy recording every
// byte sees its connection closed and never the body's last chunk, so it cannot take the request as whole
// (bytes before the fault may have streamed on).
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectParserRefusal } from '../../helpers/hostileSetup.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

interface Received {
  bytes: string;
  closed: boolean;
}
const received: Received[] = [];
let legacy: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRawUpstream((socket, head) => {
    const entry: Received = { bytes: `${head}\r\n\r\n`, closed: false };
    received.push(entry);
    socket.on('data', (chunk: Buffer) => (entry.bytes += chunk.toString('latin1')));
    socket.on('close', () => (entry.closed = true));
  });
  proxy = await startProxy({ config: { backends: { legacy: { url: legacy.url } } } });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it.each([
  ['a chunk size that is not hex', 'zz\r\nworld\r\n0\r\n\r\n'],
  ['chunk data not ended by CRLF', '5\r\nworldXX0\r\n\r\n'],
])('%s after the head went upstream: 400 to the client, legacy aborted before the last chunk', async (_name, rest) => {
  const path = `/upload-${received.length}`;
  const { hostname, port } = new URL(proxy.url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Request-Id: id-${path.slice(1)}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n`,
  );
  // The head is upstream before the bad bytes arrive.
  await eventually(() => received.some((r) => r.bytes.startsWith(`POST ${path} `)));
  socket.write(rest);
  await closed;
  expect(expectParserRefusal(text, 400, 'BAD_REQUEST')).toBe(`id-${path.slice(1)}`);
  const upstream = received.find((r) => r.bytes.startsWith(`POST ${path} `))!;
  await eventually(() => upstream.closed);
  // Bytes before the fault may have streamed on; the last chunk, which would make the body whole, never does.
  expect(upstream.bytes).not.toContain('\r\n0\r\n\r\n');
});
