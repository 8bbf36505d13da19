// W3C trace context (issue 16): with tracing off, `traceparent` and `tracestate` reach legacy, a new
// upstream and an in-process handler byte for byte (also when a Connection header names them); a shadow
// copy carries the same trace id with a new span id. With `tracing.otlp`, a real OTLP/HTTP receiver gets a
// server span per request (route, backend, bucket, phase, shadow, fallback) and a client span under it,
// and the upstream's traceparent names that client span.
import http, { type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { parseTraceparent } from '../../../proxy/tracing/traceContext.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../helpers/otlpReceiver.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { spawnStrangler } from '../../helpers/spawnStrangler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;
const TRACESTATE = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7';

let legacy: RecordingUpstream;
let newService: RecordingUpstream;
const handlerSaw: IncomingHttpHeaders[] = [];
const handlers = handlerRegistry({
  traced: (req, res) => {
    handlerSaw.push({ ...req.headers });
    res.end('handler');
  },
});

const routes = [
  { id: 'on-legacy', match: { path: '/legacy' }, new: { url: 'http://127.0.0.1:9' }, weight: 0 },
  { id: 'on-new', match: { path: '/new' }, new: { url: 'http://NEW' }, weight: 100 },
  { id: 'in-process', match: { path: '/handler' }, new: { handler: 'traced' }, weight: 100 },
  { id: 'broken', match: { path: '/broken' }, new: { url: 'http://127.0.0.1:9' }, weight: 100 },
  {
    id: 'shadowed',
    match: { path: '/shadowed' },
    new: { url: 'http://NEW' },
    weight: 0,
    phase: 'shadow',
    shadow: { calibrationSamples: 0 },
  },
];
const configWith = (extra: Record<string, unknown> = {}) => ({
  backends: { legacy: { url: legacy.url } },
  routes: routes.map((route) => (route.new.url === 'http://NEW' ? { ...route, new: { url: newService.url } } : route)),
  ...extra,
});
const traced = { traceparent: TRACEPARENT, tracestate: TRACESTATE };
const lastSeen = (upstream: RecordingUpstream, url: string) => upstream.seen.filter((seen) => seen.url === url).at(-1);

beforeAll(async () => {
  legacy = await startRecordingUpstream();
  newService = await startRecordingUpstream();
});
afterAll(async () => {
  await legacy?.close();
  await newService?.close();
});

describe('tracing off: trace context passes through unchanged', () => {
  let proxy: TestProxy;
  beforeAll(async () => (proxy = await startProxy({ config: configWith(), handlers })));
  afterAll(async () => proxy?.close());

  it('legacy, a new upstream and an in-process handler get traceparent and tracestate byte for byte', async () => {
    for (const path of ['/legacy', '/new', '/handler'])
      expect((await fetch(`${proxy.url}${path}`, { headers: traced })).status).toBe(200);
    for (const headers of [
      lastSeen(legacy, '/legacy')!.headers,
      lastSeen(newService, '/new')!.headers,
      handlerSaw.at(-1)!,
    ]) {
      expect(headers.traceparent).toBe(TRACEPARENT);
      expect(headers.tracestate).toBe(TRACESTATE);
    }
  });

  it('a Connection header naming them does not strip them (trace context is end to end)', async () => {
    // fetch refuses to send a Connection header; node:http sends it as given.
    const status = await new Promise<number>((resolve, reject) => {
      const headers = { ...traced, connection: 'keep-alive, traceparent, tracestate' };
      http
        .get(
          `${proxy.url}/legacy?connection`,
          { headers, agent: false },
          (res) => (res.resume(), resolve(res.statusCode ?? 0)),
        )
        .on('error', reject);
    });
    expect(status).toBe(200);
    expect(lastSeen(legacy, '/legacy?connection')!.headers).toMatchObject(traced);
  });

  it('a request without traceparent gets none added', async () => {
    await fetch(`${proxy.url}/legacy?plain`);
    expect(lastSeen(legacy, '/legacy?plain')!.headers.traceparent).toBeUndefined();
  });

  it('a shadow copy carries a linked context: same trace id and flags, a new span id, tracestate unchanged', async () => {
    expect((await fetch(`${proxy.url}/shadowed`, { headers: traced })).status).toBe(200);
    expect(lastSeen(legacy, '/shadowed')!.headers.traceparent).toBe(TRACEPARENT);
    const copy = await pollUntil(
      async () => lastSeen(newService, '/shadowed'),
      (seen) => seen !== undefined,
    );
    const linked = parseTraceparent(copy!.headers.traceparent);
    expect(linked).toMatchObject({ traceId: TRACE_ID, flags: '01' });
    expect(linked!.parentId).not.toBe(PARENT_ID);
    expect(copy!.headers.tracestate).toBe(TRACESTATE);
  });
});

describe('tracing.otlp: spans exported to a real OTLP/HTTP receiver', () => {
  let receiver: OtlpReceiver;
  let proxy: TestProxy;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    proxy = await startProxy({
      config: configWith({ tracing: { otlp: { url: receiver.url }, serviceName: 'edge' } }),
      handlers,
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await receiver?.close();
  });
  const spansOf = (traceId: string) =>
    pollUntil(
      async () => receiver.spans.filter((s) => s.traceId === traceId),
      (spans) => spans.length >= 2,
    );
  const byKind = (spans: ReceivedSpan[], kind: number) => spans.find((span) => span.kind === kind)!;

  it('a server span under the caller, a client span under it, and the upstream is told the client span', async () => {
    expect(
      (
        await fetch(`${proxy.url}/new?x=1`, {
          headers: { traceparent: TRACEPARENT, tracestate: TRACESTATE, 'x-user-id': 'u1' },
        })
      ).status,
    ).toBe(200);
    const spans = await spansOf(TRACE_ID);
    const server = byKind(spans, 2);
    const client = byKind(spans, 3);
    expect(server).toMatchObject({ parentSpanId: PARENT_ID, name: 'GET /new', serviceName: 'edge' });
    expect(server.attributes).toMatchObject({
      'strangler.route': 'on-new',
      'strangler.backend': 'new',
      'strangler.phase': 'new',
      'strangler.shadow': false,
      'strangler.fallback': false,
      'http.route': '/new',
      'http.response.status_code': 200,
      'http.request.method': 'GET',
    });
    expect(server.attributes['strangler.bucket']).toEqual(expect.any(Number));
    expect(client.parentSpanId).toBe(server.spanId);
    expect(client.attributes).toMatchObject({
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(newService.url).port),
    });
    const sent = lastSeen(newService, '/new?x=1')!.headers;
    expect(sent.traceparent).toBe(`00-${TRACE_ID}-${client.spanId}-01`);
    expect(sent.tracestate).toBe(TRACESTATE);
    expect(receiver.refused).toBe(0);
  });

  it('a request without traceparent starts a trace; a shadowed one records the linked copy; fallback is marked; a 5xx is an error span', async () => {
    await fetch(`${proxy.url}/legacy?fresh`);
    const started = parseTraceparent(lastSeen(legacy, '/legacy?fresh')!.headers.traceparent)!;
    expect(started.traceId).not.toBe(TRACE_ID);
    const fresh = await spansOf(started.traceId);
    expect(byKind(fresh, 2).parentSpanId).toBe('');
    expect(byKind(fresh, 2).attributes).toMatchObject({
      'strangler.route': 'on-legacy',
      'strangler.backend': 'legacy',
      'strangler.phase': 'legacy',
    });

    const shadowTrace = 'aaaabbbbccccddddeeeeffff00001111';
    await fetch(`${proxy.url}/shadowed?traced`, { headers: { traceparent: `00-${shadowTrace}-${PARENT_ID}-01` } });
    const copy = await pollUntil(
      async () => lastSeen(newService, '/shadowed?traced'),
      (seen) => seen !== undefined,
    );
    const server = byKind(await spansOf(shadowTrace), 2);
    expect(server.attributes).toMatchObject({
      'strangler.shadow': true,
      'strangler.phase': 'shadow',
      'strangler.backend': 'legacy',
    });
    expect(server.attributes['strangler.shadow.span_id']).toBe(parseTraceparent(copy!.headers.traceparent)!.parentId);

    // GET: new is unreachable, legacy answers (fallback); POST is not retried: 502 and an error span.
    const fellBack = 'ffffeeeeddddccccbbbbaaaa99998888';
    expect(
      (await fetch(`${proxy.url}/broken`, { headers: { traceparent: `00-${fellBack}-${PARENT_ID}-01` } })).status,
    ).toBe(200);
    expect(byKind(await spansOf(fellBack), 2).attributes).toMatchObject({
      'strangler.route': 'broken',
      'strangler.fallback': true,
    });
    const failing = 'eeeeddddccccbbbbaaaa999988887777';
    const post = await fetch(`${proxy.url}/broken`, {
      method: 'POST',
      body: 'x',
      headers: { traceparent: `00-${failing}-${PARENT_ID}-01` },
    });
    expect(post.status).toBe(502);
    const failed = byKind(await spansOf(failing), 2);
    expect(failed.attributes).toMatchObject({ 'strangler.fallback': false, 'http.response.status_code': 502 });
    expect(failed.status.code).toBe(2); // STATUS_CODE_ERROR
  });

  it('an unsampled caller (flags 00) is followed: nothing exported, and the upstream sees flags 00', async () => {
    const unsampled = '11112222333344445555666677778888';
    await fetch(`${proxy.url}/legacy?unsampled`, { headers: { traceparent: `00-${unsampled}-${PARENT_ID}-00` } });
    const sent = parseTraceparent(lastSeen(legacy, '/legacy?unsampled')!.headers.traceparent)!;
    expect(sent).toMatchObject({ traceId: unsampled, flags: '00' });
    // A later sampled request's spans are exported; by then the unsampled one would have been too.
    const marker = '99998888777766665555444433332222';
    await fetch(`${proxy.url}/legacy?marker`, { headers: { traceparent: `00-${marker}-${PARENT_ID}-01` } });
    await spansOf(marker);
    expect(receiver.spans.filter((span) => span.traceId === unsampled)).toEqual([]);
  });
});

describe('tracing.otlp with --workers 2 (each worker loads the tracer and exports its own spans)', () => {
  it('exports the spans of requests served by the workers', async () => {
    const receiver = await startOtlpReceiver();
    const strangler = await spawnStrangler(
      { ...configWith({ tracing: { otlp: { url: receiver.url } } }), routes: [] },
      ['--workers', '2'],
    );
    try {
      const ids = ['a1', 'b2', 'c3', 'd4'].map((tail) => `0123456789abcdef0123456789abc${tail.padStart(3, '0')}`);
      for (const id of ids)
        expect(
          (await fetch(`${strangler.proxyUrl}/any`, { headers: { traceparent: `00-${id}-${PARENT_ID}-01` } })).status,
        ).toBe(200);
      const spans = await pollUntil(
        async () => receiver.spans,
        (all) => ids.every((id) => all.some((s) => s.traceId === id && s.kind === 2)),
        15_000,
      );
      expect(
        spans
          .filter((span) => span.kind === 2 && ids.includes(span.traceId))
          .map((span) => span.attributes['strangler.route']),
      ).toEqual(ids.map(() => 'unmatched'));
      expect(spans.every((span) => span.serviceName === 'strangler')).toBe(true);
    } finally {
      strangler.kill();
      await receiver.close();
    }
  }, 60_000);
});
