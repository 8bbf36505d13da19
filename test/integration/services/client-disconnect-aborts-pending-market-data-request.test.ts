// A client that hangs up mid-request aborts the new handler's slow market data call instead of leaving it running.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../../services/domain/domain.ts';
import type { DailyClose, MarketDataProvider, Quote } from '../../../services/domain/market/provider.ts';
import { SimulatedMarketDataProvider } from '../../../services/domain/market/simulatedProvider.ts';
import { openStore } from '../../../services/domain/store/openStore.ts';
import type { Store } from '../../../services/domain/store/store.ts';
import { createNewBackend, type NewBackend } from '../../../services/registry.ts';
import { STACK_START_TIMEOUT_MS, serveHandlers } from '../../helpers/servicesServer.ts';

/** The simulated provider, recording whether each call finished or was aborted. */
class RecordingProvider implements MarketDataProvider {
  readonly name = 'recording';
  readonly outcomes: string[] = [];
  private readonly inner = new SimulatedMarketDataProvider(1_000);

  quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    return this.record(this.inner.quote(symbol, signal));
  }

  history(symbol: string, from: string, to: string, signal?: AbortSignal): Promise<DailyClose[]> {
    return this.record(this.inner.history(symbol, from, to, signal));
  }

  private record<T>(call: Promise<T>): Promise<T> {
    return call.then(
      (value) => (this.outcomes.push('finished'), value),
      (error: Error) => (this.outcomes.push(error.name === 'AbortError' ? 'aborted' : 'failed'), Promise.reject(error)),
    );
  }
}

describe('client disconnect', () => {
  let store: Store;
  let backend: NewBackend;
  const provider = new RecordingProvider();
  let baseUrl: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    store = await openStore({});
    backend = await createNewBackend({ domain: createDomain(store, provider) });
    const server = await serveHandlers(backend);
    const { port } = server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await close?.();
    await backend?.close();
    await store?.close();
  });

  it('aborts the pending market data request when the client goes away', async () => {
    const req = request(`${baseUrl}/api/market/AAPL`);
    req.on('error', () => undefined);
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    await expect.poll(() => provider.outcomes, { timeout: 900 }).toEqual(['aborted']);
  });
});
