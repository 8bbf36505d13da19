// The route the proxy picks is the route legacy resolves: a legacy that resolves paths like a WHATWG-URL
// framework (dot segments, %2e, merged slashes, decoded unreserved escapes) is asked the same paths.
// `orders` goes to new, so "the proxy matched orders" is visible as the backend; whatever goes to legacy
// arrives already normalized, query untouched. Ambiguous paths get 400 AMBIGUOUS_PATH and reach no one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { PROXY_ERRORS } from '../../../proxy/http/proxyErrors.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { httpRequest } from '../../helpers/httpClient.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';

let setup: HostileSetup;

/** A trailing slash is the same resource, as express's default (non-strict) routing and the route matcher say. */
function legacyResolves(url: string): string {
  return decodeURIComponent(
    new URL(`http://legacy.test${url}`).pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'),
  );
}

beforeAll(async () => {
  setup = await startHostileSetup({
    handlers: handlerRegistry({ orders: answerAsNew }),
    config: {
      routes: [
        { id: 'orders', match: { path: '/api/orders' }, new: { handler: 'orders' }, weight: 100 },
        { id: 'docs', match: { path: '/api/docs/*' }, new: { handler: 'orders' }, weight: 0 },
      ],
    },
    respond: (req, res) => {
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ backend: 'legacy', resolved: legacyResolves(req.url ?? '/') })));
    },
  });
});
afterAll(() => setup.close());

const PATHS = [
  '/api/config/../orders',
  '//api/orders',
  '/api/%6frders',
  '/api/docs/../orders',
  '/api/./orders',
  '/api/docs/%2e%2e/orders',
  '/api/docs/x/../../orders',
  '/api/orders/.',
  '/api/docs//../../api/orders',
  '/api/docs/a/./b',
  '/api//docs/%7euser',
  '/api/orders/../config',
];

for (const [method, body] of [
  ['GET', undefined],
  ['POST', '{"n":1}'],
] as const) {
  it(`${method}: every path reaches the backend legacy's own resolution implies`, async () => {
    for (const [i, path] of PATHS.entries()) {
      const query = `?case=${i}&p=a/../b`;
      const answer = await httpRequest(setup.proxy.url, { method, path: path + query, body });
      expect(answer.status, path).toBe(200);
      const expected = legacyResolves(path) === '/api/orders' ? 'new' : 'legacy';
      expect(answer.headers['x-strangler-backend'], path).toBe(expected);
      if (expected === 'new') continue;
      const seen = setup.legacy.seen.find((one) => one.url.endsWith(query) && one.method === method)!;
      const forwardedPath = seen.url.slice(0, -query.length);
      expect(forwardedPath, path).not.toMatch(/\/\.\.?(?:\/|$)|\/\/|%2e/i);
      expect(legacyResolves(forwardedPath), path).toBe(legacyResolves(path));
    }
  });
}

it('an encoded slash or backslash, a backslash or a broken escape gets 400 AMBIGUOUS_PATH and reaches no backend', async () => {
  const before = setup.legacy.seen.length;
  for (const path of [
    '/api/docs/..%2Forders',
    '/api/docs%5c..%5corders',
    '/api/docs\\..\\orders',
    '/api/%zzorders',
    '/api/orders%',
  ]) {
    const answer = await httpRequest(setup.proxy.url, { path });
    expect(answer.status, path).toBe(400);
    const error = (
      JSON.parse(answer.body.toString()) as { error: { code: string; message: string; requestId: string } }
    ).error;
    expect(error).toEqual({
      code: 'AMBIGUOUS_PATH',
      message: PROXY_ERRORS.AMBIGUOUS_PATH.message,
      requestId: answer.headers['x-request-id'],
    });
  }
  expect(setup.legacy.seen.length).toBe(before);
  await expectStillServing(setup);
});
