import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';

let setup: HostileSetup;
let closedPort: number;

beforeAll(async () => {
  // A port that was just free: nothing listens there, so connecting is refused.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  setup = await startHostileSetup({
    config: {
      routes: [{ id: 'gone', match: { path: '/gone' }, new: { url: `http://127.0.0.1:${closedPort}` }, weight: 100 }],
    },
  });
});
afterAll(() => setup.close());

it('answers 502 UPSTREAM_UNREACHABLE with the JSON error body and counts it', async () => {
  // A POST with a body: no fallback to legacy may replay it, so the proxy's own error is what the client sees.
  const res = await fetch(`${setup.proxy.url}/gone`, {
    method: 'POST',
    body: '{}',
    headers: { 'x-request-id': 'refused-1' },
  });
  expect(res.status).toBe(502);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({
    error: {
      code: 'UPSTREAM_UNREACHABLE',
      message: 'The upstream service could not be reached.',
      requestId: 'refused-1',
    },
  });
  const metrics = await (await fetch(`${setup.proxy.adminUrl}/metrics`)).text();
  expect(metrics).toContain(
    'strangler_upstream_errors_total{route="gone",backend="new",code="UPSTREAM_UNREACHABLE"} 1',
  );
  await expectStillServing(setup);
});
