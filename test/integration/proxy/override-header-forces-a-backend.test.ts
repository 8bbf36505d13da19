import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let closedByDefault: TestProxy;
let enabled: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  const config = (extra: Record<string, unknown>) => ({
    backends: { legacy: { url: legacy.url } },
    routes: [{ id: 'legacy-only', match: { path: '/x' }, new: { handler: 'hello' }, weight: 0 }],
    ...extra,
  });
  const handlers = handlerRegistry({ hello: answerAsNew });
  closedByDefault = await startProxy({ handlers, config: config({}) });
  enabled = await startProxy({ handlers, config: config({ overrideHeader: { enabled: true, name: 'x-force' } }) });
});
afterAll(async () => {
  await Promise.all([closedByDefault.close(), enabled.close()]);
  await legacy.close();
});

it('is ignored unless enabled in the config', async () => {
  const res = await fetch(`${closedByDefault.url}/x`, { headers: { 'x-strangler-backend': 'new' } });
  expect(res.headers.get('x-strangler-backend')).toBe('legacy');
  expect(await res.json()).toMatchObject({ backend: 'legacy' });
});

it('forces new when enabled, under the configured name', async () => {
  const res = await fetch(`${enabled.url}/x`, { headers: { 'x-force': 'new' } });
  expect(res.headers.get('x-strangler-backend')).toBe('new');
  expect(await res.json()).toMatchObject({ backend: 'new' });
});

it('an unknown value falls back to the weight', async () => {
  const res = await fetch(`${enabled.url}/x`, { headers: { 'x-force': 'newest' } });
  expect(res.headers.get('x-strangler-backend')).toBe('legacy');
});
