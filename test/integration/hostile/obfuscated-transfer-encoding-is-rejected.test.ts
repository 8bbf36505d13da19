import { afterAll, beforeAll, it } from 'vitest';
import {
  expectRefusedWhole,
  expectStillServing,
  startHostileSetup,
  type HostileSetup,
} from '../../helpers/hostileSetup.ts';
import { rawRequest } from '../../helpers/rawClient.ts';

let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup();
});
afterAll(() => setup.close());

it.each([
  ['xchunked', 'Transfer-Encoding: xchunked'],
  ['chunked then identity', 'Transfer-Encoding: chunked, identity'],
  ['a space before the colon', 'Transfer-Encoding : chunked'],
  ['a vertical tab', 'Transfer-Encoding:\x0bchunked'],
  ['a folded line', 'Transfer-Encoding:\r\n chunked'],
])('%s: JSON 400 BAD_REQUEST, connection closed, nothing reaches legacy', async (_name, header) => {
  const answer = await rawRequest(
    setup.proxy.url,
    `POST /te HTTP/1.1\r\nHost: x\r\n${header}\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n`,
  );
  expectRefusedWhole(answer, setup.legacy);
});

it('keeps serving afterwards', async () => {
  await expectStillServing(setup);
});
