import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';

let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup({
    handlers: handlerRegistry({
      throwsSync: () => {
        throw new Error('sync boom');
      },
      rejects: async () => {
        await Promise.resolve();
        throw new Error('async boom');
      },
      callsDoneWithError: (_req, _res, done) => setImmediate(() => done(new Error('next(err)'))),
    }),
    config: {
      routes: ['throwsSync', 'rejects', 'callsDoneWithError'].map((name) => ({ id: name.toLowerCase(), match: { path: `/${name}` }, new: { handler: name }, weight: 100 })),
    },
  });
});
afterAll(() => setup.close());

it.each(['throwsSync', 'rejects', 'callsDoneWithError'])('%s → 500 HANDLER_FAILED, and the process keeps serving', async (name) => {
  const res = await fetch(`${setup.proxy.url}/${name}`);
  expect(res.status).toBe(500);
  expect(res.headers.get('x-strangler-backend')).toBe('new');
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('HANDLER_FAILED');
  await expectStillServing(setup, `/after-${name}`);
});
