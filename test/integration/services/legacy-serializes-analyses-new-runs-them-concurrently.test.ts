// The execution models differ: legacy serializes requests on its sync workers and analyses on its background pool
// (fetching tickers one by one); new runs them all at once. Checked by who is running at the same time, not by wall
// clock: the market data provider holds every call until the test lets go, and counts the calls in flight.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDomain } from '../../../services/domain/domain.ts';
import type { PortfolioEvent } from '../../../services/domain/events.ts';
import { openStore } from '../../../services/domain/store/openStore.ts';
import type { Store } from '../../../services/domain/store/store.ts';
import { startLegacyServer, type LegacyServer } from '../../../services/legacy/server.ts';
import { createNewBackend, type NewBackend } from '../../../services/registry.ts';
import { GatedMarketData } from '../../helpers/gatedMarketData.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { callApi, pollTask } from '../../helpers/servicesClient.ts';
import { STACK_START_TIMEOUT_MS, serveHandlers } from '../../helpers/servicesServer.ts';

const LATENCY_MS = 150;
const ONE_TICKER = {
  positions: { AAPL: 1 },
  start_date: '2024-01-01',
  end_date: '2024-12-31',
  risk_tolerance: 'moderate',
};

describe('legacy (2 sync workers) versus new', () => {
  const provider = new GatedMarketData(LATENCY_MS);
  let store: Store;
  let legacy: LegacyServer;
  let backend: NewBackend;
  let server: Server;
  let newUrl: string;
  const market = (base: string) => callApi(base, 'GET', '/api/market/AAPL');

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const domain = createDomain(store, provider);
    const logger = pino({ level: 'silent' });
    legacy = await startLegacyServer({ domain, logger, port: 0, workers: 2 });
    backend = await createNewBackend({ domain, logger });
    server = await serveHandlers(backend);
    newUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    provider.release();
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      server?.closeAllConnections();
    });
    await legacy?.close();
    await backend?.close();
    await store?.close();
  });

  it('serves 8 slow requests two at a time on legacy and all at once on new', async () => {
    provider.hold();
    provider.reset();
    const onLegacy = Promise.all(Array.from({ length: 8 }, () => market(legacy.url)));
    expect(
      await pollUntil(
        async () => provider.inFlight,
        (n) => n === 2,
      ),
    ).toBe(2);
    provider.release(); // each call now takes LATENCY_MS, so a third worker would overlap the first two
    expect((await onLegacy).map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(provider.maxInFlight).toBe(2);
    expect(provider.events.filter((e) => e === 'start')).toHaveLength(8);

    provider.hold();
    provider.reset();
    const onNew = Promise.all(Array.from({ length: 8 }, () => market(newUrl)));
    // All eight are waiting on market data at once: none needs another to finish first.
    expect(
      await pollUntil(
        async () => provider.inFlight,
        (n) => n === 8,
      ),
    ).toBe(8);
    provider.release();
    expect((await onNew).map((answer) => answer.status)).toEqual(Array(8).fill(200));
  });

  it('keeps answering on new while legacy is saturated (legacy waits asynchronously, never blocking the event loop)', async () => {
    provider.hold();
    let legacyAnswered = 0;
    const onLegacy = Promise.all(Array.from({ length: 8 }, () => market(legacy.url).then(() => legacyAnswered++)));
    expect(
      await pollUntil(
        async () => provider.inFlight,
        (n) => n === 2,
      ),
    ).toBe(2);
    expect((await callApi(newUrl, 'GET', '/api/status')).status).toBe(200);
    // new answered while both legacy workers were still waiting and six requests queued behind them
    expect(legacyAnswered).toBe(0);
    expect(provider.inFlight).toBe(2);
    provider.release();
    await onLegacy;
    expect(legacyAnswered).toBe(8);
  });

  it('completes analyses one after another on legacy and together on new', async () => {
    // The event stream shows the execution model: on legacy each analysis starts only after the previous one
    // finished; on new all four have started (progress events) while market data holds every one of them.
    const events: PortfolioEvent[] = [];
    const socket = new WebSocket(`${newUrl.replace('http', 'ws')}/ws/portfolio`);
    socket.on('message', (data) => events.push(JSON.parse(String(data)) as PortfolioEvent));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const analyse = async (base: string) => {
      const accepted = await callApi(base, 'POST', '/api/analyze', ONE_TICKER);
      await pollTask(base, (accepted.body as { task_id: string }).task_id, 20_000, 5);
    };
    const taskOf = (e: PortfolioEvent) => ('task_id' in e ? e.task_id : '');
    const taskOrder = (stream: PortfolioEvent[]) =>
      stream.map((e) => (taskOf(e) ? `${e.type === 'analysis_done' ? 'done' : 'step'}:${taskOf(e)}` : ''));

    const legacyStarted = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => analyse(legacy.url)));
    const legacyMs = performance.now() - legacyStarted;
    const legacyEvents = events.splice(0);
    const legacyRuns = taskOrder(legacyEvents).join(' ');
    const legacyTasks = new Set(legacyEvents.map(taskOf).filter(Boolean));
    expect(legacyTasks.size).toBe(4);
    // all of one task's events are contiguous: no other task ran in between
    for (const id of legacyTasks) expect(legacyRuns).toMatch(new RegExp(`(step:${id} )+done:${id}`));
    // A lower bound holds however loaded the machine is: 4 analyses × 2 sequential fetches (AAPL, then SPY) on a pool of 1.
    expect(legacyMs).toBeGreaterThanOrEqual(0.95 * 8 * LATENCY_MS);

    provider.hold();
    const onNew = Promise.all(Array.from({ length: 4 }, () => analyse(newUrl)));
    const startedTasks = () =>
      new Set(
        events
          .filter((e) => e.type !== 'analysis_done')
          .map(taskOf)
          .filter(Boolean),
      ).size;
    expect(
      await pollUntil(
        async () => startedTasks(),
        (n) => n === 4,
      ),
    ).toBe(4);
    expect(events.filter((e) => e.type === 'analysis_done')).toEqual([]);
    provider.release();
    await onNew;
    const done = await pollUntil(
      async () => events.filter((e) => e.type === 'analysis_done').length,
      (n) => n === 4,
    );
    socket.close();
    expect(done).toBe(4);
  });
});
