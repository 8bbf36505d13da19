import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

interface Arrived {
  url: string;
  body: string;
  encoding: string | undefined;
  rawTrailers: string[];
  trailers: NodeJS.Dict<string>;
}

let legacy: RecordingUpstream;
let proxy: TestProxy;
const arrived: Arrived[] = [];

beforeAll(async () => {
  legacy = await startRecordingUpstream((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      legacy.server.emit('body-chunk', chunk.toString());
    });
    req.on('end', () => {
      arrived.push({
        url: req.url ?? '',
        body: Buffer.concat(chunks).toString(),
        encoding: req.headers['transfer-encoding'],
        rawTrailers: req.rawTrailers,
        trailers: req.trailers,
      });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

const arrivalAt = (url: string) => arrived.find((entry) => entry.url === url);

it('a chunked POST with trailers (raw socket): legacy gets the body and the trailers as sent, on a chunked request', async () => {
  const request =
    'POST /raw-trailers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum, X-Part\r\nConnection: close\r\n\r\n' +
    '6\r\nhello \r\n5\r\nworld\r\n0\r\nX-Checksum: abc123\r\nX-Part: 1\r\nX-Part: 2\r\n\r\n';
  const answer = await rawRequest(proxy.url, request);
  expect(statusCodes(answer.text)).toEqual([200]);
  const seen = arrivalAt('/raw-trailers');
  expect(seen).toBeDefined();
  expect(seen!.body).toBe('hello world');
  expect(seen!.encoding).toBe('chunked');
  // Names, order and the repeated field arrive as the client sent them.
  expect(seen!.rawTrailers).toEqual(['X-Checksum', 'abc123', 'X-Part', '1', 'X-Part', '2']);
  expect(seen!.trailers).toEqual({ 'x-checksum': 'abc123', 'x-part': '1, 2' });
});

it('a streamed chunked upload (http.request) still streams, and its trailer follows the last chunk', async () => {
  const { hostname, port } = new URL(proxy.url);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method: 'POST',
        path: '/streamed-trailers',
        headers: { 'content-type': 'text/plain', trailer: 'x-digest' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write('part-one;');
    // The rest only follows once legacy has the first part: proof the body was not held back until the end.
    legacy.server.once('body-chunk', () => {
      req.addTrailers({ 'x-digest': 'sha-256=deadbeef' });
      req.end('part-two');
    });
  });
  expect(status).toBe(200);
  const seen = arrivalAt('/streamed-trailers');
  expect(seen!.body).toBe('part-one;part-two');
  expect(seen!.encoding).toBe('chunked');
  expect(seen!.trailers).toEqual({ 'x-digest': 'sha-256=deadbeef' });
});

it('requests without trailers are unchanged: chunked and Content-Length bodies arrive with no trailers', async () => {
  const chunked = await rawRequest(
    proxy.url,
    'POST /no-trailers-chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
  );
  const sized = await fetch(`${proxy.url}/no-trailers-sized`, { method: 'POST', body: 'abcdef' });
  expect(statusCodes(chunked.text)).toEqual([200]);
  expect(sized.status).toBe(200);
  await sized.arrayBuffer();
  await eventually(() => arrivalAt('/no-trailers-sized') !== undefined);
  expect(arrivalAt('/no-trailers-chunked')).toMatchObject({ body: 'abc', encoding: 'chunked', rawTrailers: [] });
  expect(arrivalAt('/no-trailers-sized')).toMatchObject({ body: 'abcdef', encoding: undefined, rawTrailers: [] });
});
