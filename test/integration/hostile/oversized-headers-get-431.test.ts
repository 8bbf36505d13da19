import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  expectParserRefusal,
  expectStillServing,
  startHostileSetup,
  type HostileSetup,
} from '../../helpers/hostileSetup.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup();
});
afterAll(() => setup.close());

it('a header block over 16 KiB gets the JSON 431 REQUEST_HEADERS_TOO_LARGE, the connection closes, nothing reaches legacy', async () => {
  const answer = await rawRequest(
    setup.proxy.url,
    `GET /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`,
  );
  expect(statusCodes(answer.text)).toEqual([431]);
  expectParserRefusal(answer.text, 431, 'REQUEST_HEADERS_TOO_LARGE');
  expect(answer.closedByServer).toBe(true);
  expect(setup.legacy.seen).toEqual([]);
  await expectStillServing(setup);
});
