import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectParserRefusal, expectRefusedWhole } from '../../helpers/hostileSetup.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { rawRequest } from '../../helpers/rawClient.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  legacy = await startRecordingUpstream();
  const logs = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n'))
        if (line !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  proxy = await startProxy({
    config: { backends: { legacy: { url: legacy.url } } },
    start: { logger: pino({ level: 'info' }, logs) },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

const clientErrorsCounted = async (code: string) => {
  const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith(`strangler_client_errors_total{code="${code}"} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

it('every client error code has a series from start-up', async () => {
  for (const code of ['BAD_REQUEST', 'REQUEST_HEADERS_TOO_LARGE', 'REQUEST_TIMEOUT', 'CHUNK_EXTENSIONS_TOO_LARGE'])
    expect(await clientErrorsCounted(code)).toBe(0);
});

it.each([
  ['garbage instead of a request line', 'THIS IS NOT HTTP\r\n\r\n'],
  ['a method with a forbidden character', 'G@T /x HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['an unknown HTTP version', 'GET /x HTTP/7.3\r\nHost: x\r\n\r\n'],
  ['a control character in the target', 'GET /x\x01y HTTP/1.1\r\nHost: x\r\n\r\n'],
])(
  '%s: JSON 400 BAD_REQUEST with a fresh request id, connection closed, nothing reaches legacy',
  async (_name, request) => {
    const answer = await rawRequest(proxy.url, request);
    const requestId = expectRefusedWhole(answer, legacy);
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  },
);

it('each refusal is counted and logged once, with its code, request id and the parser error code only', async () => {
  const before = (await clientErrorsCounted('BAD_REQUEST'))!;
  const logsBefore = logLines.length;
  const answer = await rawRequest(proxy.url, 'BOGUS\r\nSecret-Header: do-not-log\r\n\r\n');
  const requestId = expectParserRefusal(answer.text, 400, 'BAD_REQUEST');
  expect(await clientErrorsCounted('BAD_REQUEST')).toBe(before + 1);
  const warned = logLines.slice(logsBefore).filter((line) => line.requestId === requestId);
  expect(warned).toHaveLength(1);
  expect(warned[0]).toMatchObject({ level: 40, code: 'BAD_REQUEST', requestId });
  expect(warned[0]!.parserError).toMatch(/^HPE_/);
  expect(Object.keys(warned[0]!).sort()).toEqual([
    'code',
    'hostname',
    'level',
    'msg',
    'parserError',
    'pid',
    'requestId',
    'time',
  ]);
  expect(JSON.stringify(warned[0])).not.toContain('do-not-log');
});

it('keeps serving afterwards', async () => {
  const res = await fetch(`${proxy.url}/still-serving`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
});
