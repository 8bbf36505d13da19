import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_REQUEST_HEADER_FIELDS } from '../../../proxy/pipeline/passes/limitHeaderCount.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

let setup: HostileSetup;
const headerLines = (count: number) => Array.from({ length: count }, (_, i) => `X-H${i}: ${i}\r\n`).join('');

beforeAll(async () => {
  setup = await startHostileSetup();
});
afterAll(() => setup.close());

it('more header fields than the limit: 431 TOO_MANY_HEADERS, connection closed, nothing reaches legacy', async () => {
  const answer = await rawRequest(
    setup.proxy.url,
    `GET /many HTTP/1.1\r\nHost: x\r\n${headerLines(MAX_REQUEST_HEADER_FIELDS + 50)}\r\n`,
  );
  expect(statusCodes(answer.text)).toEqual([431]);
  expect(answer.text).toContain('"code":"TOO_MANY_HEADERS"');
  expect(answer.closedByServer).toBe(true);
  expect(setup.legacy.seen).toEqual([]);
  await expectStillServing(setup);
});

it('exactly the limit is forwarded with every field intact', async () => {
  const answer = await rawRequest(
    setup.proxy.url,
    `GET /at-limit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headerLines(MAX_REQUEST_HEADER_FIELDS - 2)}\r\n`,
  );
  expect(statusCodes(answer.text)).toEqual([200]);
  const seen = setup.legacy.seen.find((s) => s.url === '/at-limit')!;
  expect(seen.headers[`x-h${MAX_REQUEST_HEADER_FIELDS - 3}`]).toBe(String(MAX_REQUEST_HEADER_FIELDS - 3));
});
