import { afterAll, beforeAll, it } from 'vitest';
import { startHostileSetup, expectStillServing, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';
import { rawRequest } from '../../helpers/rawClient.ts';

let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup();
});
afterAll(() => setup.close());

it('a client that leaves halfway through its upload gets the upstream request aborted', async () => {
  // 10 of the announced 1000 bytes, then the client goes away.
  await rawRequest(setup.proxy.url, 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789', {
    waitMs: 300,
  });
  await eventually(() => setup.legacy.seen.some((s) => s.url === '/upload'));
  await eventually(() => setup.legacy.seen.find((s) => s.url === '/upload')!.aborted);
  await expectStillServing(setup);
});
