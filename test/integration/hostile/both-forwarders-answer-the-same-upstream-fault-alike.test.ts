// Each upstream fault is sent over both forwarders (GET: undici, POST with a body: node:http) and the two
// answers are compared. Status 000, an unsolicited 101 and an obs-folded header (RFC 9112 §5.2: a proxy
// discards the message with a 502 or unfolds it; both parsers refuse it) get the same 502 from both.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { firstResponse, rawRequest } from '../../helpers/rawClient.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

const FAULTS: Record<string, string> = {
  'status-000': 'HTTP/1.1 000 OK\r\nContent-Length: 2\r\n\r\nok',
  'unsolicited-101': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nxx',
  'obs-fold': 'HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok',
};

let legacy: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRawUpstream((socket, head) => socket.end(FAULTS[head.split(' ')[1]!.slice(1)] ?? ''));
  proxy = await startProxy({ config: { backends: { legacy: { url: legacy.url, timeoutMs: 3_000 } } } });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

async function answerTo(
  method: 'GET' | 'POST',
  fault: string,
): Promise<{ status: number; code?: string; folded?: string }> {
  const body = method === 'POST' ? 'Content-Length: 2\r\n\r\nhi' : '\r\n';
  const exchange = await rawRequest(
    proxy.url,
    `${method} /${fault} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${body}`,
  );
  const response = firstResponse(exchange.text);
  const code =
    response.status === 502 ? (JSON.parse(response.body) as { error: { code: string } }).error.code : undefined;
  return { status: response.status, code, folded: response.headers['x-folded'] };
}

it.each(['status-000', 'unsolicited-101', 'obs-fold'])(
  '%s: both forwarders answer the same 502 UPSTREAM_INVALID_RESPONSE',
  async (fault) => {
    const overUndici = await answerTo('GET', fault);
    const overNodeHttp = await answerTo('POST', fault);
    expect(overUndici).toEqual({ status: 502, code: 'UPSTREAM_INVALID_RESPONSE', folded: undefined });
    expect(overNodeHttp).toEqual(overUndici);
  },
);
