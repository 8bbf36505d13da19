// Requests Node would answer (or drop) on its own — no Host, an Expect other than 100-continue, CONNECT,
// OPTIONS * — get the error table's JSON with an x-request-id, are counted, and never reach legacy; every
// refusal the proxy makes itself is labelled backend="proxy" in metrics, never legacy or unmatched.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { firstResponse, rawRequest } from '../../helpers/rawClient.ts';

let setup: HostileSetup;
beforeAll(async () => {
  setup = await startHostileSetup();
});
afterAll(() => setup.close());

it.each([
  ['no Host on HTTP/1.1', 'GET /no-host HTTP/1.1\r\n\r\n', 400, 'BAD_REQUEST'],
  [
    'Expect other than 100-continue',
    'GET /expect HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n',
    417,
    'EXPECTATION_FAILED',
  ],
  ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 501, 'UNSUPPORTED_REQUEST'],
  ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', 501, 'UNSUPPORTED_REQUEST'],
  ['two Host fields', 'GET /two HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, 'BAD_REQUEST'],
  ['an ambiguous path', 'GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'AMBIGUOUS_PATH'],
])('%s: the error table answer with an x-request-id, nothing reaches legacy', async (_name, payload, status, code) => {
  const answer = await rawRequest(setup.proxy.url, payload);
  const response = firstResponse(answer.text);
  expect(response.status).toBe(status);
  expect(response.headers['x-strangler-backend']).toBe('proxy');
  expect(answer.closedByServer).toBe(true);
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(response.body)).toMatchObject({ error: { code, requestId: response.headers['x-request-id'] } });
  expect(setup.legacy.seen).toEqual([]);
  await expectStillServing(setup);
  setup.legacy.seen.length = 0;
});

it('those refusals are counted with backend="proxy", and none as legacy or unmatched', async () => {
  const metrics = await (await fetch(`${setup.proxy.adminUrl}/metrics`)).text();
  const proxyRefusals = [...metrics.matchAll(/strangler_requests_total\{[^}]*backend="proxy"[^}]*\} (\d+)/g)];
  expect(proxyRefusals.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(6);
  const legacyErrors = [
    ...metrics.matchAll(/strangler_requests_total\{[^}]*backend="legacy"[^}]*status_class="[45]xx"\} (\d+)/g),
  ];
  expect(legacyErrors).toEqual([]);
});
