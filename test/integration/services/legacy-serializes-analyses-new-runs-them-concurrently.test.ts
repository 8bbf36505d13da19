// The execution models differ measurably: legacy serializes requests on its sync workers and analyses on its
// background pool (fetching tickers one by one); new runs them all at once. Ratios with generous margins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PortfolioEvent } from '../../../services/domain/events.ts';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { callApi, pollTask } from '../../helpers/servicesClient.ts';

const LATENCY_MS = 150;
const ONE_TICKER = { positions: { AAPL: 1 }, start_date: '2024-01-01', end_date: '2024-12-31', risk_tolerance: 'moderate' };

async function timeAll(count: number, job: () => Promise<unknown>): Promise<number[]> {
  const started = performance.now();
  return Promise.all(Array.from({ length: count }, () => job().then(() => performance.now() - started)));
}

describe('legacy (2 sync workers) versus new', () => {
  let services: ServicesUnderTest;
  beforeAll(async () => {
    services = await startServices({ marketLatencyMs: LATENCY_MS, legacyWorkers: 2 });
    // Warm up connections and first-use code paths so they do not count as queueing.
    for (const base of [services.legacyUrl, services.newUrl]) await callApi(base, 'GET', '/api/market/AAPL');
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await services?.close();
  });

  it('serves 8 slow requests two at a time on legacy and all at once on new', async () => {
    const fetchMarket = (base: string) => () => callApi(base, 'GET', '/api/market/AAPL');
    const legacy = (await timeAll(8, fetchMarket(services.legacyUrl))).sort((a, b) => a - b);
    const fresh = (await timeAll(8, fetchMarket(services.newUrl))).sort((a, b) => a - b);
    // Lower bounds on legacy hold however loaded the machine is: 8 requests on 2 workers take 4 rounds.
    expect(legacy.at(-1)!).toBeGreaterThanOrEqual(0.95 * 4 * LATENCY_MS);
    expect(legacy.at(-1)! - legacy[0]!).toBeGreaterThan(2 * LATENCY_MS);
    expect(fresh.at(-1)!).toBeLessThan(0.8 * legacy.at(-1)!);
  });

  it('keeps answering on new while legacy is saturated (legacy waits asynchronously, never blocking the event loop)', async () => {
    const legacyBatch = timeAll(8, () => callApi(services.legacyUrl, 'GET', '/api/market/AAPL'));
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS / 2));
    const started = performance.now();
    await callApi(services.newUrl, 'GET', '/api/status');
    const newMs = performance.now() - started;
    const legacyLast = Math.max(...(await legacyBatch));
    expect(newMs).toBeLessThan(legacyLast / 2);
  });

  it('completes analyses one after another on legacy and together on new', async () => {
    // The event stream shows the execution model whatever the machine load: on legacy each analysis starts only
    // after the previous one finished; on new all have started (progress "started") before the first finishes.
    const events: PortfolioEvent[] = [];
    const socket = new WebSocket(`${services.newUrl.replace('http', 'ws')}/ws/portfolio`);
    socket.on('message', (data) => events.push(JSON.parse(String(data)) as PortfolioEvent));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const analyse = (base: string) => async () => {
      const accepted = await callApi(base, 'POST', '/api/analyze', ONE_TICKER);
      await pollTask(base, (accepted.body as { task_id: string }).task_id, 20_000, 5);
    };
    const legacy = (await timeAll(4, analyse(services.legacyUrl))).sort((a, b) => a - b);
    const legacyEvents = events.splice(0);
    const fresh = (await timeAll(4, analyse(services.newUrl))).sort((a, b) => a - b);
    socket.close();

    const taskOrder = (stream: PortfolioEvent[]) => stream.map((e) => ('task_id' in e ? `${e.type === 'analysis_done' ? 'done' : 'step'}:${e.task_id}` : ''));
    const legacyRuns = taskOrder(legacyEvents).join(' ');
    for (const id of new Set(legacyEvents.map((e) => ('task_id' in e ? e.task_id : '')))) {
      // all of one task's events are contiguous: no other task ran in between
      expect(legacyRuns).toMatch(new RegExp(`(step:${id} )+done:${id}`));
    }
    const freshOrder = taskOrder(events);
    const firstDone = freshOrder.findIndex((e) => e.startsWith('done:'));
    expect(new Set(freshOrder.slice(0, firstDone).map((e) => e.slice(5))).size).toBe(4);

    // One legacy analysis = 2 sequential fetches (AAPL, then the SPY benchmark) on a pool of 1: at least 8 latencies.
    expect(legacy.at(-1)!).toBeGreaterThanOrEqual(0.95 * 8 * LATENCY_MS);
    expect(fresh.at(-1)!).toBeLessThan(0.8 * legacy.at(-1)!);
  });
});
