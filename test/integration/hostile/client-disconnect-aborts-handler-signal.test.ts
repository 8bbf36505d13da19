import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { requestSignal } from '../../../proxy/forward/runHandler.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';
import { rawRequest } from '../../helpers/rawClient.ts';

let setup: HostileSetup;
let aborted = false;
let started = false;

beforeAll(async () => {
  setup = await startHostileSetup({
    handlers: handlerRegistry({
      slow: (_req, res) => {
        started = true;
        const signal = requestSignal(res);
        signal.addEventListener('abort', () => (aborted = true));
        setTimeout(() => res.end('late'), 10_000).unref();
      },
    }),
    config: { routes: [{ id: 'slow', match: { path: '/slow' }, new: { handler: 'slow' }, weight: 100 }] },
  });
});
afterAll(() => setup.close());

it('the handler’s AbortSignal fires when the client disconnects', async () => {
  await rawRequest(setup.proxy.url, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n', { until: () => false, waitMs: 300 });
  expect(started).toBe(true);
  await eventually(() => aborted);
  await expectStillServing(setup);
});
