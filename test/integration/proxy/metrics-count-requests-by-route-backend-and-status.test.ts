import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRecordingUpstream((req, res) => {
    res.statusCode = req.url === '/api/orders/missing' ? 404 : req.url === '/api/orders/boom' ? 500 : 200;
    res.end('legacy');
  });
  proxy = await startProxy({
    handlers: handlerRegistry({ hello: answerAsNew }),
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        { id: 'orders', match: { path: '/api/orders/:id' }, new: { handler: 'hello' }, weight: 0 },
        { id: 'status', match: { path: '/api/status', methods: ['GET'] }, new: { handler: 'hello' }, weight: 100 },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

const scrape = async () => (await fetch(`${proxy.adminUrl}/metrics`)).text();
const seriesLine = (metrics: string, series: string) =>
  metrics.split('\n').find((line) => line.startsWith(`${series} `));
/** The series' value; a missing series fails the test (it must not read as 0). */
function sample(metrics: string, series: string): number {
  const line = seriesLine(metrics, series);
  if (line === undefined) throw new Error(`metric series ${series} is missing from /metrics`);
  return Number(line.split(' ')[1]);
}
/** Before the requests, a counter may not exist yet: it starts at 0 when it first appears. */
const sampleBefore = (metrics: string, series: string) => (seriesLine(metrics, series) ? sample(metrics, series) : 0);

it('each request moves exactly its own route/backend/method/status-class counter and latency histogram', async () => {
  const before = await scrape();
  await (await fetch(`${proxy.url}/api/orders/1`)).text();
  await (await fetch(`${proxy.url}/api/orders/2`)).text();
  await (await fetch(`${proxy.url}/api/orders/missing`)).text();
  await (await fetch(`${proxy.url}/api/status`)).text();
  await (await fetch(`${proxy.url}/no/such/route`, { method: 'POST', body: 'x' })).text();
  await (await fetch(`${proxy.url}/api/orders/boom`)).text();
  // Samples are written when each response closes, which can trail the client's last byte a little.
  let after = await scrape();
  for (
    let tries = 0;
    tries < 50 && !after.includes('route="orders",backend="legacy",method="GET",status_class="5xx"');
    tries++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    after = await scrape();
  }
  const delta = (series: string) => sample(after, series) - sampleBefore(before, series);
  expect(delta('strangler_requests_total{route="orders",backend="legacy",method="GET",status_class="2xx"}')).toBe(2);
  expect(delta('strangler_requests_total{route="orders",backend="legacy",method="GET",status_class="4xx"}')).toBe(1);
  expect(delta('strangler_requests_total{route="status",backend="new",method="GET",status_class="2xx"}')).toBe(1);
  expect(delta('strangler_requests_total{route="unmatched",backend="legacy",method="POST",status_class="2xx"}')).toBe(
    1,
  );
  expect(delta('strangler_requests_total{route="orders",backend="legacy",method="GET",status_class="5xx"}')).toBe(1);
  expect(delta('strangler_request_duration_seconds_count{route="orders",backend="legacy"}')).toBe(4);
  expect(delta('strangler_request_duration_seconds_bucket{le="30",route="orders",backend="legacy"}')).toBe(4);
  expect(after).toContain('strangler_request_duration_seconds_bucket{le="0.001",route="orders",backend="legacy"}');
  expect(delta('strangler_request_duration_seconds_sum{route="orders",backend="legacy"}')).toBeGreaterThan(0);
});

it('publishes each route’s weight, the config hash and the default process metrics', async () => {
  const metrics = await scrape();
  expect(sample(metrics, 'strangler_route_weight{route="orders"}')).toBe(0);
  expect(sample(metrics, 'strangler_route_weight{route="status"}')).toBe(100);
  expect(metrics).toContain(`strangler_config_info{hash="${proxy.live.current().hash}"} 1`);
  expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds /m);
});

it('a proxy-made error counts in strangler_upstream_errors_total and as a 5xx', async () => {
  const deadLegacy = await startProxy({ config: { backends: { legacy: { url: 'http://127.0.0.1:1' } } } });
  try {
    expect((await fetch(`${deadLegacy.url}/anything`)).status).toBe(502);
    let metrics = '';
    for (let tries = 0; tries < 50 && !metrics.includes('status_class="5xx"'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      metrics = await (await fetch(`${deadLegacy.adminUrl}/metrics`)).text();
    }
    expect(
      sample(
        metrics,
        'strangler_upstream_errors_total{route="unmatched",backend="legacy",code="UPSTREAM_UNREACHABLE"}',
      ),
    ).toBe(1);
    expect(
      sample(metrics, 'strangler_requests_total{route="unmatched",backend="legacy",method="GET",status_class="5xx"}'),
    ).toBe(1);
  } finally {
    await deadLegacy.close();
  }
});
