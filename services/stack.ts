// The reference stack `npm start` runs: ONE shared store, the legacy server and the new backend on it.
// Options win over environment variables (LEGACY_PORT, LEGACY_WORKERS, LEGACY_ANALYSIS_WORKERS, MARKET_LATENCY_MS,
// DATABASE_URL, FMP_API_KEY, FMP_BASE_URL), which win over the defaults.
import pino, { type Logger } from 'pino';
import { createDomain, type Domain } from './domain/domain.ts';
import { FmpMarketDataProvider } from './domain/market/fmpProvider.ts';
import type { MarketDataProvider } from './domain/market/provider.ts';
import { DEFAULT_MARKET_LATENCY_MS, SimulatedMarketDataProvider } from './domain/market/simulatedProvider.ts';
import { DEFAULT_PRICE_TICK_MS, startMarketTicker } from './domain/marketTicker.ts';
import { relayPortfolioEvents } from './domain/store/eventRelay.ts';
import { openStore } from './domain/store/openStore.ts';
import { DEFAULT_LEGACY_PORT, startLegacyServer } from './legacy/server.ts';
import { createNewBackend, type NewBackend } from './registry.ts';

export const DEFAULT_DATA_DIR = './data';

export interface ReferenceStackOptions {
  /** PGlite directory (default ./data); 'memory://' keeps the store in memory (tests). Ignored when databaseUrl is set. */
  dataDir?: string;
  /** postgres://… (default: DATABASE_URL). */
  databaseUrl?: string | undefined;
  legacyHost?: string;
  legacyPort?: number;
  legacyWorkers?: number;
  legacyAnalysisWorkers?: number;
  /** Simulated market data latency per request (default 300 ms). */
  marketLatencyMs?: number;
  /** Market clock (price ticks, limit order fills); 0 = prices stay still (default 1000 ms). */
  priceTickMs?: number;
  /** FMP settings (default: FMP_API_KEY / FMP_BASE_URL); without a key the simulated provider is used. */
  fmp?: { apiKey?: string | undefined; baseUrl?: string | undefined };
  logger?: Logger;
}

export interface ReferenceStack {
  handlers: NewBackend;
  legacyUrl: string;
  close(): Promise<void>;
}

export interface NewServices {
  handlers: NewBackend;
  /** Releases the handlers, the market clock and the store. */
  close(): Promise<void>;
}

/**
 * The new side alone: the store (DATABASE_URL, else PGlite under dataDir), the domain and the in-process
 * handlers. `strangler start` runs this; the demo adds the legacy reference server on the same store.
 */
export async function startNewServices(options: ReferenceStackOptions = {}): Promise<NewServices & { domain: Domain }> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const store = await openStore({
    databaseUrl: databaseUrl || undefined,
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    onConnectionLost: (error) => logger.warn({ err: error.message }, 'services store lost an idle Postgres connection'),
  });
  const cleanups: Array<() => Promise<void>> = [() => store.close()];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((error: Error) => logger.warn({ err: error.message }, 'close step failed'));
  };
  try {
    const domain = createDomain(store, marketDataProvider(options));
    // Other processes on this Postgres (workers, replicas) push fills and analysis progress to their clients too.
    if (databaseUrl) {
      const relay = await relayPortfolioEvents(databaseUrl, store, domain.events, logger);
      cleanups.push(() => relay.close());
    }
    const ticker = startMarketTicker(domain, options.priceTickMs ?? DEFAULT_PRICE_TICK_MS, logger);
    cleanups.push(() => ticker.stop());
    const handlers = await createNewBackend({ domain, logger });
    cleanups.push(() => handlers.close());
    logger.info({ store: store.kind, marketData: domain.marketData.provider.name }, 'new services started');
    return { handlers, domain, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function startReferenceStack(options: ReferenceStackOptions = {}): Promise<ReferenceStack> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const services = await startNewServices({ ...options, logger });
  try {
    const legacy = await startLegacyServer({
      domain: services.domain,
      logger,
      host: options.legacyHost,
      port: options.legacyPort ?? envInt('LEGACY_PORT') ?? DEFAULT_LEGACY_PORT,
      workers: options.legacyWorkers ?? envInt('LEGACY_WORKERS'),
      analysisWorkers: options.legacyAnalysisWorkers ?? envInt('LEGACY_ANALYSIS_WORKERS'),
    });
    logger.info({ legacyUrl: legacy.url }, 'reference stack started');
    return {
      handlers: services.handlers,
      legacyUrl: legacy.url,
      // Legacy first: it must stop using the store before the store closes.
      close: async () => {
        await legacy.close().catch((error: Error) => logger.warn({ err: error.message }, 'legacy close failed'));
        await services.close();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}

function marketDataProvider(options: ReferenceStackOptions): MarketDataProvider {
  const apiKey = options.fmp?.apiKey ?? process.env.FMP_API_KEY;
  if (apiKey) return new FmpMarketDataProvider({ apiKey, baseUrl: options.fmp?.baseUrl ?? process.env.FMP_BASE_URL });
  return new SimulatedMarketDataProvider(
    options.marketLatencyMs ?? envInt('MARKET_LATENCY_MS') ?? DEFAULT_MARKET_LATENCY_MS,
  );
}

/** An integer setting from the environment; a malformed value is an error, not a silent default. */
function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw} is not a non-negative integer`);
  return value;
}
