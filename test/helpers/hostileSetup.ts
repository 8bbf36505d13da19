// Shared setup of the hostile-traffic cases: a recording legacy behind a real proxy, and the check every
// case ends with — the proxy still serves a normal request afterwards.
import { afterAll, beforeAll, expect } from 'vitest';
import type { HandlerRegistry } from '../../proxy/forward/handlers.ts';
import { PROXY_ERRORS, type ProxyErrorCode } from '../../proxy/http/proxyErrors.ts';
import { startProxy, type TestProxy } from './proxy.ts';
import { firstResponse, statusCodes, type RawExchange } from './rawClient.ts';
import { startRecordingUpstream, type RecordingUpstream, type Responder } from './recordingUpstream.ts';

export interface HostileSetup {
  legacy: RecordingUpstream;
  proxy: TestProxy;
  close(): Promise<void>;
}

/**
 * For one test file: a proxy that trusts no forwarder and one that trusts 127.0.0.1 (the test's own hop), each
 * with its recording legacy; started before the file's tests, closed after. Read them inside a test.
 */
export function untrustingAndTrustingForFile(): { untrusting: HostileSetup; trusting: HostileSetup } {
  const setups = {} as { untrusting: HostileSetup; trusting: HostileSetup };
  beforeAll(async () => {
    setups.untrusting = await startHostileSetup();
    setups.trusting = await startHostileSetup({ config: { trustProxy: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await setups.untrusting?.close();
    await setups.trusting?.close();
  });
  return setups;
}

export async function startHostileSetup(
  options: {
    respond?: Responder;
    config?: Record<string, unknown>;
    handlers?: HandlerRegistry;
    legacyTimeoutMs?: number;
  } = {},
): Promise<HostileSetup> {
  const legacy = await startRecordingUpstream(options.respond);
  const proxy = await startProxy({
    handlers: options.handlers,
    config: {
      backends: { legacy: { url: legacy.url, timeoutMs: options.legacyTimeoutMs ?? 30_000 } },
      ...options.config,
    },
  });
  return {
    legacy,
    proxy,
    close: async () => {
      await proxy.close();
      await legacy.close();
    },
  };
}

/** A plain GET through the proxy still gets legacy's answer. */
export async function expectStillServing(setup: HostileSetup, path = '/still-serving'): Promise<void> {
  const res = await fetch(`${setup.proxy.url}${path}`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  expect(setup.legacy.seen.some((seen) => seen.url === path)).toBe(true);
}

/**
 * A request (and whatever was smuggled behind it) refused as a whole by Node's parser: exactly one answer,
 * the JSON 400, the connection closed by the proxy, and nothing reached legacy. Returns the request id.
 */
export function expectRefusedWhole(answer: RawExchange, legacy: RecordingUpstream): string {
  expect(statusCodes(answer.text)).toEqual([400]);
  const requestId = expectParserRefusal(answer.text, 400, 'BAD_REQUEST');
  expect(answer.closedByServer).toBe(true);
  expect(legacy.seen).toEqual([]);
  return requestId;
}

/**
 * The first response in a raw answer is the proxy's own refusal of a request Node's parser rejected:
 * `status`, `connection: close`, a JSON body with `code` and its message, and a requestId equal to the
 * x-request-id header. Returns the request id.
 */
export function expectParserRefusal(text: string, status: number, code: ProxyErrorCode): string {
  const response = firstResponse(text);
  expect(response.status).toBe(status);
  expect(response.headers.connection).toBe('close');
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
  const body = JSON.parse(response.body) as { error: { code: string; message: string; requestId: string } };
  expect(body.error).toEqual({
    code,
    message: PROXY_ERRORS[code].message,
    requestId: response.headers['x-request-id'],
  });
  expect(body.error.requestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  return body.error.requestId;
}
