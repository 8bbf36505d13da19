// A market data provider for concurrency tests: counts calls in flight and, while held, keeps every call
// waiting until release() (or its abort signal), so a test can look at who is running without timing luck.
import type { DailyClose, MarketDataProvider, Quote } from '../../services/domain/market/provider.ts';
import { SimulatedMarketDataProvider } from '../../services/domain/market/simulatedProvider.ts';

export type CallEvent = 'start' | 'finish' | 'abort' | 'fail';

export class GatedMarketData implements MarketDataProvider {
  readonly name = 'gated';
  readonly events: CallEvent[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private holding = false;
  private readonly held: Array<() => void> = [];

  /** `latencyMs`: what each call takes once it is let through (the simulated provider's delay). */
  constructor(
    latencyMs = 0,
    private readonly inner = new SimulatedMarketDataProvider(latencyMs),
  ) {}

  /** From now on, calls wait until release(). */
  hold(): void {
    this.holding = true;
  }

  /** Lets every waiting call through; later calls run at once. */
  release(): void {
    this.holding = false;
    for (const go of this.held.splice(0)) go();
  }

  /** Forgets counts and events (between phases of one test). */
  reset(): void {
    this.events.length = 0;
    this.maxInFlight = this.inFlight;
  }

  quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    return this.call(() => this.inner.quote(symbol, signal), signal);
  }

  history(symbol: string, from: string, to: string, signal?: AbortSignal): Promise<DailyClose[]> {
    return this.call(() => this.inner.history(symbol, from, to, signal), signal);
  }

  private async call<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.events.push('start');
    try {
      if (this.holding) await this.waitForRelease(signal);
      const value = await work();
      this.events.push('finish');
      return value;
    } catch (error) {
      this.events.push(signal?.aborted ? 'abort' : 'fail');
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  private waitForRelease(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      this.held.push(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}
