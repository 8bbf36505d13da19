// `Connection` may name hop-by-hop headers only: a token naming Content-Length, Host, X-Request-Id,
// X-Forwarded-*, Forwarded or the proxy's own headers is ignored, in both directions and on both
// forwarders (undici for a bodiless GET, node:http for a POST with a body).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { httpRequest } from '../../helpers/httpClient.ts';

const PROTECTED =
  'content-length, transfer-encoding, host, x-request-id, x-forwarded-for, x-forwarded-host, forwarded, x-strangler-backend';
let setup: HostileSetup;

beforeAll(async () => {
  setup = await startHostileSetup({
    config: { trustProxy: ['127.0.0.1'] },
    respond: (req, res) => {
      req.resume();
      req.on('end', () => {
        const body = 'legacy body';
        res.writeHead(200, {
          connection: `keep-alive, ${PROTECTED}, x-upstream-private`,
          'content-length': Buffer.byteLength(body),
          'x-upstream-private': 'hop only',
        });
        res.end(body);
      });
    },
  });
});
afterAll(() => setup.close());

for (const [forwarder, method, body] of [
  ['undici', 'GET', undefined],
  ['node:http', 'POST', 'a body of 17 byte'],
] as const) {
  it(`${forwarder}: legacy gets the body, the client's Host and request id; only the hop-by-hop name is removed`, async () => {
    const answer = await httpRequest(setup.proxy.url, {
      method,
      path: `/connection-${method}`,
      body,
      headers: {
        host: 'shop.example',
        connection: `${PROTECTED}, x-client-private`,
        'x-request-id': 'client-id-1',
        'x-forwarded-for': '10.0.0.9',
        forwarded: 'for=10.0.0.9',
        'x-client-private': 'hop only',
      },
    });
    const seen = setup.legacy.seen.find((one) => one.url === `/connection-${method}`)!;
    expect(seen.headers.host).toBe('shop.example');
    expect(seen.headers['x-request-id']).toBe('client-id-1');
    expect(seen.headers['x-forwarded-for']).toBe('10.0.0.9, 127.0.0.1');
    expect(seen.headers['x-forwarded-host']).toBe('shop.example');
    expect(seen.headers.forwarded).toBe('for=10.0.0.9');
    expect(seen.headers['x-client-private']).toBeUndefined();
    if (body !== undefined) {
      expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(seen.body.toString()).toBe(body);
    }

    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('legacy body');
    expect(answer.headers['content-length']).toBe(String('legacy body'.length));
    expect(answer.headers['x-request-id']).toBe('client-id-1');
    expect(answer.headers['x-strangler-backend']).toBe('legacy');
    expect(answer.headers['x-upstream-private']).toBeUndefined();
  });
}

it('keeps serving afterwards', () => expectStillServing(setup));
