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

it('Content-Length together with Transfer-Encoding: JSON 400 BAD_REQUEST, connection closed, nothing reaches legacy', async () => {
  const smuggle =
    'POST /cl-te HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
  const answer = await rawRequest(setup.proxy.url, smuggle);
  expectRefusedWhole(answer, setup.legacy);
  await expectStillServing(setup);
});
