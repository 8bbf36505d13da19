// MarketDataService: prices and history for handlers and the domain, on top of whichever provider is configured.
import type { DailyClose, MarketDataProvider } from './provider.ts';

export interface MarketSnapshot {
  symbol: string;
  price: number;
  previous_close: number;
  change_24h: number;
  change_24h_pct: number;
  currency: 'USD';
}

export const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

export class MarketDataService {
  constructor(readonly provider: MarketDataProvider) {}

  async price(symbol: string, signal?: AbortSignal): Promise<number> {
    return (await this.provider.quote(symbol, signal)).price;
  }

  async snapshot(symbol: string, signal?: AbortSignal): Promise<MarketSnapshot> {
    const quote = await this.provider.quote(symbol, signal);
    const change = quote.price - quote.previousClose;
    return {
      symbol,
      price: quote.price,
      previous_close: quote.previousClose,
      change_24h: round(change, 4),
      change_24h_pct: round((change / quote.previousClose) * 100, 4),
      currency: 'USD',
    };
  }

  history(symbol: string, from: string, to: string, signal?: AbortSignal): Promise<DailyClose[]> {
    return this.provider.history(symbol, from, to, signal);
  }

  /** Prices of several symbols, fetched concurrently. */
  async prices(symbols: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
    const prices = await Promise.all(symbols.map((symbol) => this.price(symbol, signal)));
    return new Map(symbols.map((symbol, i) => [symbol, prices[i]!]));
  }
}
