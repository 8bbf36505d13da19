import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup({
    handlers: handlerRegistry({ hello: answerAsNew }),
    config: { routes: [{ id: 'new-only', match: { path: '/api/new' }, new: { handler: 'hello' }, weight: 100 }] },
  });
});
afterAll(() => setup.close());

it('an absolute-form target is routed by its path; its authority does not choose the route', async () => {
  const answer = await rawRequest(
    setup.proxy.url,
    'GET http://legacy.internal/api/new?x=1 HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n',
  );
  expect(statusCodes(answer.text)).toEqual([200]);
  expect(answer.text).toMatch(/x-strangler-backend: new/i);
  expect(answer.text).toContain('"backend":"new"');
});

it('legacy gets the origin-form path and the client’s Host header, not the absolute URL’s authority', async () => {
  const answer = await rawRequest(
    setup.proxy.url,
    'GET http://admin.internal:9090/api/old?x=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n',
  );
  expect(statusCodes(answer.text)).toEqual([200]);
  const seen = setup.legacy.seen.at(-1)!;
  expect(seen.url).toBe('/api/old?x=1');
  expect(seen.headers.host).toBe('shop.example');
});

it('two Host headers are refused with 400 and never reach legacy', async () => {
  const before = setup.legacy.seen.length;
  const answer = await rawRequest(
    setup.proxy.url,
    'GET /api/old HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n',
  );
  expect(statusCodes(answer.text)).toEqual([400]);
  expect(answer.closedByServer).toBe(true);
  expect(setup.legacy.seen.length).toBe(before);
  await expectStillServing(setup);
});
