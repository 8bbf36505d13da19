import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

let setup: HostileSetup;
const INNER = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';

beforeAll(async () => {
  setup = await startHostileSetup();
});
afterAll(() => setup.close());

it.each(['GET', 'DELETE', 'OPTIONS'])(
  '%s with a Content-Length body: forwarded as that body, never as a request',
  async (method) => {
    const answer = await rawRequest(
      setup.proxy.url,
      `${method} /with-body HTTP/1.1\r\nHost: x\r\nContent-Length: ${INNER.length}\r\nConnection: close\r\n\r\n${INNER}`,
    );
    expect(statusCodes(answer.text)).toEqual([200]);
    const seen = setup.legacy.seen.filter((s) => s.url === '/with-body' && s.method === method);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['content-length']).toBe(String(INNER.length));
    expect(seen[0]!.body.toString()).toBe(INNER);
    expect(setup.legacy.seen.some((s) => s.url === '/smuggled')).toBe(false);
  },
);

it.each(['GET', 'DELETE', 'OPTIONS'])(
  '%s with a chunked body: forwarded chunked, never as a request',
  async (method) => {
    const chunked = `${INNER.length.toString(16)}\r\n${INNER}\r\n0\r\n\r\n`;
    const answer = await rawRequest(
      setup.proxy.url,
      `${method} /chunked-body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked}`,
    );
    expect(statusCodes(answer.text)).toEqual([200]);
    const seen = setup.legacy.seen.filter((s) => s.url === '/chunked-body' && s.method === method);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['transfer-encoding']).toBe('chunked');
    expect(seen[0]!.body.toString()).toBe(INNER);
    expect(setup.legacy.seen.some((s) => s.url === '/smuggled')).toBe(false);
  },
);

it('keeps serving afterwards', async () => {
  await expectStillServing(setup);
});
