// Issue 12 item 7: a burst waits at the proxy, not at legacy. Each backend gets at most maxConcurrent
// requests at once; the next maxQueue wait in arrival order; the rest get 503 OVERLOADED with Retry-After.
// Over both forwarders (a bodiless GET goes over undici, a POST with a body over node:http) and for a
// `new: { url }` upstream as well as legacy. The upstream holds every request until the test releases it,
// so "in flight" and "queued" are exact, not timing luck.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeldUpstream, type HeldUpstream } from '../../helpers/heldUpstream.ts';
import { httpRequest, type HttpAnswer } from '../../helpers/httpClient.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';
import { scrape, seriesValue, untilSeries } from '../../helpers/metricsText.ts';
import { snapshotOf, startProxy, type TestProxy } from '../../helpers/proxy.ts';

const LIMITS = { maxConcurrent: 2, maxQueue: 3, queueTimeoutMs: 20_000 };

let legacy: HeldUpstream;
let upstreamNew: HeldUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startHeldUpstream();
  upstreamNew = await startHeldUpstream();
  proxy = await startProxy({
    config: {
      backends: { legacy: { url: legacy.url, ...LIMITS } },
      routes: [
        { id: 'reads', match: { methods: ['GET'], path: '/reads/*' }, new: { url: upstreamNew.url }, weight: 0 },
        { id: 'writes', match: { methods: ['POST'], path: '/writes/*' }, new: { url: upstreamNew.url }, weight: 0 },
        // Retired: no fallback, so a shed request is answered, not retried on legacy (fallback: docs/FORWARDING.md).
        {
          id: 'moved',
          match: { path: '/moved/*' },
          new: { url: upstreamNew.url, ...LIMITS },
          weight: 100,
          phase: 'retired',
        },
      ],
    },
  });
});
afterAll(async () => {
  await proxy?.close();
  await legacy?.close();
  await upstreamNew?.close();
});

const cases = [
  {
    name: 'legacy, bodiless GET (undici)',
    route: 'reads',
    method: 'GET',
    backend: 'legacy',
    pool: 'legacy',
    held: () => legacy,
  },
  {
    name: 'legacy, POST with a body (node:http)',
    route: 'writes',
    method: 'POST',
    backend: 'legacy',
    pool: 'legacy',
    held: () => legacy,
  },
  {
    name: 'new: { url } upstream, GET',
    route: 'moved',
    method: 'GET',
    backend: 'new',
    pool: 'routes.moved.new',
    held: () => upstreamNew,
  },
] as const;

describe.each(cases)('$name', ({ route, method, backend, pool, held }) => {
  const send = (i: number): Promise<HttpAnswer> =>
    httpRequest(proxy.url, { method, path: `/${route}/${i}`, ...(method === 'POST' ? { body: `body ${i}` } : {}) });

  it(`at most ${LIMITS.maxConcurrent} reach the backend, ${LIMITS.maxQueue} queue in arrival order, the rest get 503 OVERLOADED`, async () => {
    const upstream = held();
    const before = upstream.arrived.length;
    const pending: Array<Promise<HttpAnswer>> = [];
    for (let i = 0; i < LIMITS.maxConcurrent; i++) {
      pending.push(send(i));
      await eventually(() => upstream.arrived.length === before + i + 1);
    }
    for (let i = 0; i < LIMITS.maxQueue; i++) {
      pending.push(send(LIMITS.maxConcurrent + i));
      await untilSeries(proxy.adminUrl, 'strangler_backend_queued', { upstream: pool }, i + 1);
    }
    expect(upstream.arrived.length - before).toBe(LIMITS.maxConcurrent);

    // Slots and queue are full: these two are shed at once, with the error table's answer.
    const shed = [await send(90), await send(91)];
    for (const answer of shed) {
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      const body = JSON.parse(answer.body.toString()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('OVERLOADED');
      expect(answer.headers['x-request-id']).toMatch(/.+/);
      expect(body.error.requestId).toBe(answer.headers['x-request-id']);
    }

    upstream.autoAnswer(true);
    upstream.releaseAll();
    const answers = await Promise.all(pending);
    upstream.autoAnswer(false);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    answers.forEach((answer, i) => expect(answer.body.toString()).toBe(`answer /${route}/${i};`));
    // First come, first served, and never more than the limit at the backend.
    expect(upstream.arrived.slice(before)).toEqual(answers.map((_, i) => `/${route}/${i}`));
    expect(upstream.maxInFlight).toBe(LIMITS.maxConcurrent);

    const metrics = await scrape(proxy.adminUrl);
    expect(
      seriesValue(metrics, 'strangler_overloaded_total', { route, backend, upstream: pool, reason: 'queue_full' }),
    ).toBe(2);
    expect(seriesValue(metrics, 'strangler_upstream_errors_total', { route, backend, code: 'OVERLOADED' })).toBe(2);
    await untilSeries(proxy.adminUrl, 'strangler_backend_in_flight', { upstream: pool }, 0);
    await untilSeries(proxy.adminUrl, 'strangler_backend_queued', { upstream: pool }, 0);
  });
});

describe('a second proxy: one slot, a short queue timeout', () => {
  let slow: HeldUpstream;
  let one: TestProxy;
  const config = (maxConcurrent: number) => ({
    backends: { legacy: { url: slow.url, maxConcurrent, maxQueue: 5, queueTimeoutMs: 300 } },
    routes: [{ id: 'r', match: { path: '/r/*' }, new: { url: slow.url }, weight: 0, timeoutMs: 10_000 }],
  });

  beforeAll(async () => {
    slow = await startHeldUpstream();
    one = await startProxy({ config: config(1) });
  });
  afterAll(async () => {
    await one?.close();
    await slow?.close();
  });

  const holdOne = async () => {
    const before = slow.arrived.length;
    const first = httpRequest(one.url, { path: `/r/held-${before}` });
    await eventually(() => slow.arrived.length === before + 1);
    return [first];
  };
  const finish = async (pending: Array<Promise<HttpAnswer>>) => {
    slow.autoAnswer(true);
    slow.releaseAll();
    const answers = await Promise.all(pending);
    slow.autoAnswer(false);
    return answers;
  };

  it('a request that waits longer than queueTimeoutMs gets 503 OVERLOADED and never reaches legacy', async () => {
    const [first] = await holdOne();
    const started = performance.now();
    const late = await httpRequest(one.url, { path: '/r/late' });
    const waitedMs = performance.now() - started;
    expect(late.status).toBe(503);
    expect(late.headers['retry-after']).toBe('1');
    expect((JSON.parse(late.body.toString()) as { error: { code: string } }).error.code).toBe('OVERLOADED');
    expect(waitedMs).toBeGreaterThanOrEqual(280);
    expect(slow.arrived).not.toContain('/r/late');
    expect((await finish([first!]))[0]!.status).toBe(200);
    const metrics = await scrape(one.adminUrl);
    expect(
      seriesValue(metrics, 'strangler_overloaded_total', {
        route: 'r',
        backend: 'legacy',
        upstream: 'legacy',
        reason: 'queue_timeout',
      }),
    ).toBe(1);
    await untilSeries(one.adminUrl, 'strangler_backend_queued', { upstream: 'legacy' }, 0);
  });

  it('a queued request whose client disconnects leaves the queue, never reaches legacy and is counted as a 499', async () => {
    const [first] = await holdOne();
    const client = net.connect(Number(new URL(one.url).port), '127.0.0.1');
    client.on('error', () => {});
    client.write('GET /r/gone HTTP/1.1\r\nHost: x\r\n\r\n');
    await untilSeries(one.adminUrl, 'strangler_backend_queued', { upstream: 'legacy' }, 1);
    client.destroy();
    await untilSeries(one.adminUrl, 'strangler_backend_queued', { upstream: 'legacy' }, 0);
    await untilSeries(one.adminUrl, 'strangler_requests_total', { route: 'r', status_class: '4xx' }, 1);
    expect((await finish([first!]))[0]!.status).toBe(200);
    expect(slow.arrived).not.toContain('/r/gone');
    await untilSeries(one.adminUrl, 'strangler_backend_in_flight', { upstream: 'legacy' }, 0);
  });

  it('a reload that raises maxConcurrent admits the queued requests at once and drops nothing in flight', async () => {
    const [first] = await holdOne();
    const before = slow.arrived.length;
    const queued = [httpRequest(one.url, { path: '/r/q1' })];
    await untilSeries(one.adminUrl, 'strangler_backend_queued', { upstream: 'legacy' }, 1);
    queued.push(httpRequest(one.url, { path: '/r/q2' }));
    await untilSeries(one.adminUrl, 'strangler_backend_queued', { upstream: 'legacy' }, 2);
    one.live.swap(snapshotOf(config(3)));
    await eventually(() => slow.arrived.length === before + 2);
    expect(slow.arrived.slice(before)).toEqual(['/r/q1', '/r/q2']);
    expect(slow.inFlight).toBe(3);
    const answers = await finish([first!, ...queued]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    one.live.swap(snapshotOf(config(1)));
  });
});

describe('shadow copies', () => {
  let svc: HeldUpstream;
  let echo: HeldUpstream;
  let shadowing: TestProxy;

  beforeAll(async () => {
    svc = await startHeldUpstream();
    echo = await startHeldUpstream();
    echo.autoAnswer(true);
    shadowing = await startProxy({
      config: {
        backends: { legacy: { url: echo.url }, upstreams: { svc: { url: svc.url, maxConcurrent: 1, maxQueue: 10 } } },
        routes: [
          { id: 'a', match: { path: '/a/*' }, new: { upstream: 'svc' }, weight: 100, phase: 'retired' },
          {
            id: 'b',
            match: { methods: ['GET'], path: '/b/*' },
            new: { upstream: 'svc' },
            weight: 0,
            phase: 'shadow',
            shadow: { sampleRate: 1, calibrationSamples: 0 },
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await shadowing?.close();
    await svc?.close();
    await echo?.close();
  });

  it('are shed, never queued, when their backend has no free slot, and take one when it has', async () => {
    const client = httpRequest(shadowing.url, { path: '/a/client' });
    await eventually(() => svc.arrived.length === 1);
    const served = await httpRequest(shadowing.url, { path: '/b/copied-1' });
    expect(served.status).toBe(200); // legacy answers the client either way
    await untilSeries(shadowing.adminUrl, 'strangler_shadow_comparisons_total', { route: 'b', result: 'shed' }, 1);
    expect(
      seriesValue(await scrape(shadowing.adminUrl), 'strangler_backend_queued', { upstream: 'upstreams.svc' }),
    ).toBe(0);
    svc.autoAnswer(true);
    svc.releaseAll();
    expect((await client).status).toBe(200);
    await untilSeries(shadowing.adminUrl, 'strangler_backend_in_flight', { upstream: 'upstreams.svc' }, 0);
    await httpRequest(shadowing.url, { path: '/b/copied-2' });
    await eventually(() => svc.arrived.includes('/b/copied-2'));
    expect(svc.arrived).toEqual(['/a/client', '/b/copied-2']);
  });
});

describe('fallback', () => {
  let busyNew: HeldUpstream;
  let echo: HeldUpstream;
  let withFallback: TestProxy;

  beforeAll(async () => {
    busyNew = await startHeldUpstream();
    echo = await startHeldUpstream();
    echo.autoAnswer(true);
    withFallback = await startProxy({
      config: {
        backends: { legacy: { url: echo.url, maxConcurrent: 5 } },
        routes: [
          {
            id: 'f',
            match: { methods: ['GET'], path: '/f/*' },
            new: { url: busyNew.url, maxConcurrent: 1, maxQueue: 0 },
            weight: 100,
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await withFallback?.close();
    await busyNew?.close();
    await echo?.close();
  });

  it('a GET shed by a full new falls back to legacy, whose slot is released after', async () => {
    const first = httpRequest(withFallback.url, { path: '/f/first' });
    await eventually(() => busyNew.arrived.length === 1);
    const second = await httpRequest(withFallback.url, { path: '/f/second' });
    expect(second.status).toBe(200);
    expect(second.body.toString()).toBe('answer /f/second;');
    expect(second.headers['x-strangler-fallback']).toBe('upstream_error');
    expect(echo.arrived).toEqual(['/f/second']);
    const metrics = await scrape(withFallback.adminUrl);
    expect(
      seriesValue(metrics, 'strangler_overloaded_total', {
        route: 'f',
        backend: 'new',
        upstream: 'routes.f.new',
        reason: 'queue_full',
      }),
    ).toBe(1);
    busyNew.autoAnswer(true);
    busyNew.releaseAll();
    expect((await first).status).toBe(200);
    await untilSeries(withFallback.adminUrl, 'strangler_backend_in_flight', { upstream: 'legacy' }, 0);
  });
});
