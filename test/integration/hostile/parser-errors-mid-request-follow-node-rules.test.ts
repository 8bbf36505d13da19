// Parser errors after a request entered the pipeline: answered in the proxy's JSON shape with the id the
// request already carries while no response byte is out; once a response has started, the connection is
// only destroyed (Node's rule: an error answer would corrupt the response the client is reading).
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  expectParserRefusal,
  expectStillServing,
  startHostileSetup,
  type HostileSetup,
} from '../../helpers/hostileSetup.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

const REQUEST_MS = 1_500;
let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup({
    config: { timeouts: { headersMs: 1_000, requestMs: REQUEST_MS } },
    respond: (req, res) => {
      if (req.url === '/started') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial;'); // and never more: the response stays in progress
        return;
      }
      req.resume();
      req.on('end', () => res.end('done'));
    },
  });
});
afterAll(() => setup.close());

it("a chunk extension over the limit mid-body: JSON 413 CHUNK_EXTENSIONS_TOO_LARGE with the request's own id; legacy's request is aborted", async () => {
  const { hostname, port } = new URL(setup.proxy.url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(
    'POST /ext HTTP/1.1\r\nHost: x\r\nX-Request-Id: client-id-413\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
  );
  // The request is on its way to legacy before the bad chunk arrives.
  await eventually(() => setup.legacy.seen.some((seen) => seen.url === '/ext'));
  socket.write(`5;ext=${'a'.repeat(20 * 1024)}\r\nworld\r\n0\r\n\r\n`);
  await closed;
  expect(statusCodes(text)).toEqual([413]);
  expect(expectParserRefusal(text, 413, 'CHUNK_EXTENSIONS_TOO_LARGE')).toBe('client-id-413');
  await eventually(() => setup.legacy.seen.find((seen) => seen.url === '/ext')!.aborted);
});

it("a body not complete within timeouts.requestMs: JSON 408 REQUEST_TIMEOUT with the request's own id", async () => {
  const answer = await rawRequest(
    setup.proxy.url,
    'POST /slow-body HTTP/1.1\r\nHost: x\r\nX-Request-Id: client-id-408\r\nContent-Length: 10\r\n\r\nabc',
    { waitMs: REQUEST_MS + 5_000 },
  );
  expect(statusCodes(answer.text)).toEqual([408]);
  expect(expectParserRefusal(answer.text, 408, 'REQUEST_TIMEOUT')).toBe('client-id-408');
  expect(answer.closedByServer).toBe(true);
  expect(answer.elapsedMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
});

it('garbage pipelined behind a response already in progress: the connection is destroyed, nothing is injected', async () => {
  const { hostname, port } = new URL(setup.proxy.url);
  const text = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let received = '';
    let sentGarbage = false;
    socket.write('GET /started HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!sentGarbage && received.includes('partial;')) {
        sentGarbage = true;
        socket.write('THIS IS NOT HTTP\r\n\r\n');
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
  expect(statusCodes(text)).toEqual([200]);
  expect(text).toContain('partial;');
  expect(text).not.toContain('BAD_REQUEST');
  await expectStillServing(setup);
});
