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
      routes: ['throwsSync', 'rejects', 'callsDoneWithError'].map((name) => ({
        id: name.toLowerCase(),
        match: { path: `/${name}` },
        new: { handler: name },
        weight: 100,
      })),
    },
  });
});
afterAll(() => setup.close());

it.each(['throwsSync', 'rejects', 'callsDoneWithError'])(
  '%s → 500 HANDLER_FAILED, and the process keeps serving',
  async (name) => {
    // A POST with a body: no fallback to legacy may replay it, so the handler's failure is what the client sees.
    const res = await fetch(`${setup.proxy.url}/${name}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-strangler-backend')).toBe('new');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('HANDLER_FAILED');
    await expectStillServing(setup, `/after-${name}`);
  },
);
