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
  ['two different headers', 'Content-Length: 5\r\nContent-Length: 30'],
  ['two identical headers', 'Content-Length: 5\r\nContent-Length: 5'],
  ['a list in one header', 'Content-Length: 5, 30'],
  ['a signed value', 'Content-Length: +5'],
])('%s: JSON 400 BAD_REQUEST, connection closed, nothing reaches legacy', async (_name, lengths) => {
  const answer = await rawRequest(
    setup.proxy.url,
    `POST /cl HTTP/1.1\r\nHost: x\r\n${lengths}\r\n\r\nhelloGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n`,
  );
  expectRefusedWhole(answer, setup.legacy);
});

it('keeps serving afterwards', async () => {
  await expectStillServing(setup);
});
