import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';

let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup({
    respond: (req, res) => {
      if (req.url !== '/silent') res.end('ok'); // /silent never answers
    },
    config: {
      routes: [{ id: 'slow', match: { path: '/silent' }, new: { handler: 'unused' }, weight: 0, timeoutMs: 400 }],
    },
    handlers: handlerRegistry({ unused: (_req, res) => res.end() }),
  });
});
afterAll(() => setup.close());

it('answers 504 UPSTREAM_TIMEOUT after the route’s timeoutMs and aborts the upstream request', async () => {
  const started = performance.now();
  const res = await fetch(`${setup.proxy.url}/silent`);
  const elapsed = performance.now() - started;
  expect(res.status).toBe(504);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_TIMEOUT');
  expect(elapsed).toBeGreaterThanOrEqual(390);
  expect(elapsed).toBeLessThan(5_000);
  await eventually(() => setup.legacy.seen.find((s) => s.url === '/silent')?.aborted === true);
  await expectStillServing(setup);
});
