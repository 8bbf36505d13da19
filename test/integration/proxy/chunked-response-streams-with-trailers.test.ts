import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRecordingUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum' });
    res.write('first;');
    // The second chunk only follows once the client has seen the first: proof it was not buffered.
    legacy.server.once('second-chunk', () => {
      res.write('second');
      res.addTrailers({ 'x-checksum': 'abc123' });
      res.end();
    });
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('chunks arrive as legacy sends them, chunked, and the trailers follow', async () => {
  const { hostname, port } = new URL(proxy.url);
  const result = await new Promise<{ chunks: string[]; trailers: NodeJS.Dict<string>; encoding?: string }>(
    (resolve, reject) => {
      http
        .get({ host: hostname, port, path: '/stream', headers: { te: 'trailers' } }, (res) => {
          const chunks: string[] = [];
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk.toString());
            if (chunks.length === 1) legacy.server.emit('second-chunk');
          });
          res.on('end', () => resolve({ chunks, trailers: res.trailers, encoding: res.headers['transfer-encoding'] }));
        })
        .on('error', reject);
    },
  );
  expect(result.chunks.join('')).toBe('first;second');
  expect(result.chunks[0]).toBe('first;');
  expect(result.encoding).toBe('chunked');
  expect(result.trailers).toEqual({ 'x-checksum': 'abc123' });
});
