import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';

let setup: HostileSetup;
let upstreamStopped = false;

beforeAll(async () => {
  setup = await startHostileSetup({
    respond: (req, res) => {
      if (req.url !== '/feed') return void res.end('ok');
      res.writeHead(200, { 'content-type': 'text/plain' });
      const tick = setInterval(() => res.write('tick\n'), 20);
      res.on('close', () => {
        clearInterval(tick);
        upstreamStopped = true;
      });
    },
  });
});
afterAll(() => setup.close());

it('a client that leaves mid-response gets the upstream response aborted', async () => {
  const { hostname, port } = new URL(setup.proxy.url);
  await new Promise<void>((resolve) => {
    const req = http.get({ host: hostname, port, path: '/feed', agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => {});
  });
  await eventually(() => upstreamStopped);
  expect(setup.legacy.seen.find((s) => s.url === '/feed')!.aborted).toBe(true);
  await expectStillServing(setup);
});
