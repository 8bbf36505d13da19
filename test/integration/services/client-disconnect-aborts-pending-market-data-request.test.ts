// A client that hangs up mid-request aborts the new handler's slow market data call instead of leaving it running.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../../services/domain/domain.ts';
import { openStore } from '../../../services/domain/store/openStore.ts';
import type { Store } from '../../../services/domain/store/store.ts';
import { createNewBackend, type NewBackend } from '../../../services/registry.ts';
import { GatedMarketData } from '../../helpers/gatedMarketData.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { STACK_START_TIMEOUT_MS, serveHandlers } from '../../helpers/servicesServer.ts';

describe('client disconnect', () => {
  let store: Store;
  let backend: NewBackend;
  // Every market data call waits until the test releases it (never, here) or its signal aborts it.
  const provider = new GatedMarketData();
  let baseUrl: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    provider.hold();
    store = await openStore({});
    backend = await createNewBackend({ domain: createDomain(store, provider) });
    const server = await serveHandlers(backend);
    const { port } = server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    provider.release();
    await close?.();
    await backend?.close();
    await store?.close();
  });

  it('aborts the pending market data request when the client goes away', async () => {
    const req = request(`${baseUrl}/api/market/AAPL`);
    req.on('error', () => undefined);
    req.end();
    // The handler's call is under way (and cannot finish: the provider holds it) before the client hangs up.
    expect(
      await pollUntil(
        async () => [...provider.events],
        (events) => events.length > 0,
      ),
    ).toEqual(['start']);
    req.destroy();
    expect(
      await pollUntil(
        async () => [...provider.events],
        (events) => events.length > 1,
      ),
    ).toEqual(['start', 'abort']);
    expect(provider.inFlight).toBe(0);
  });
});
