// The default provider: seeded series with a per-request latency that mimics a remote market data API.
import { setTimeout as sleep } from 'node:timers/promises';
import { UnknownSymbolError } from '../errors.ts';
import { hashString, normalFrom, seededRandom } from './seededRandom.ts';
import { SIMULATED_SYMBOLS, simulatedSeries } from './simulatedSeries.ts';
import type { DailyClose, MarketDataProvider, Quote } from './provider.ts';

export const DEFAULT_MARKET_LATENCY_MS = 300;
const TICK_VOLATILITY = 0.002;

export class SimulatedMarketDataProvider implements MarketDataProvider {
  readonly name = 'simulated';
  /** Cumulative intraday log move per symbol, advanced by advanceTick(). */
  private readonly intradayLogMove = new Map<string, number>();
  private readonly tickNoise = normalFrom(seededRandom(hashString('ticks')));

  constructor(private readonly latencyMs = DEFAULT_MARKET_LATENCY_MS) {}

  async quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    await this.remoteCall(signal);
    const series = this.seriesOf(symbol);
    const last = series.at(-1)!.close;
    const previous = series.at(-2)!.close;
    const price = Math.round(last * Math.exp(this.intradayLogMove.get(symbol) ?? 0) * 100) / 100;
    return { symbol, price, previousClose: previous };
  }

  async history(symbol: string, from: string, to: string, signal?: AbortSignal): Promise<DailyClose[]> {
    await this.remoteCall(signal);
    return this.seriesOf(symbol).filter((day) => day.date >= from && day.date <= to);
  }

  advanceTick(): void {
    for (const symbol of Object.keys(SIMULATED_SYMBOLS)) {
      this.intradayLogMove.set(symbol, (this.intradayLogMove.get(symbol) ?? 0) + this.tickNoise() * TICK_VOLATILITY);
    }
  }

  private seriesOf(symbol: string): DailyClose[] {
    if (SIMULATED_SYMBOLS[symbol] === undefined) throw new UnknownSymbolError(symbol);
    return simulatedSeries(symbol);
  }

  private async remoteCall(signal?: AbortSignal): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal });
    else signal?.throwIfAborted();
  }
}
