// Financial Modeling Prep as a market data provider (used when FMP_API_KEY is set).
import { MarketDataError, UnknownSymbolError } from '../errors.ts';
import { FmpHttpClient, type FmpClientOptions } from './fmpHttpClient.ts';
import type { DailyClose, MarketDataProvider, Quote } from './provider.ts';

interface FmpQuote {
  symbol: string;
  price: number;
  previousClose: number;
}

export class FmpMarketDataProvider implements MarketDataProvider {
  readonly name = 'fmp';
  private readonly client: FmpHttpClient;

  constructor(options: FmpClientOptions) {
    this.client = new FmpHttpClient(options);
  }

  async quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    const path = `/api/v3/quote/${encodeURIComponent(symbol)}`;
    const body = await this.client.getJson(path, {}, signal);
    if (!Array.isArray(body)) throw new MarketDataError(`FMP ${path}: expected a JSON array, got ${typeof body}`);
    const first = body[0] as Partial<FmpQuote> | undefined;
    if (!first) throw new UnknownSymbolError(symbol);
    if (typeof first.price !== 'number' || typeof first.previousClose !== 'number') {
      throw new MarketDataError(`FMP ${path}: quote lacks numeric price/previousClose`);
    }
    return { symbol, price: first.price, previousClose: first.previousClose };
  }

  async history(symbol: string, from: string, to: string, signal?: AbortSignal): Promise<DailyClose[]> {
    const path = `/api/v3/historical-price-full/${encodeURIComponent(symbol)}`;
    const body = (await this.client.getJson(path, { from, to }, signal)) as { historical?: unknown } | null;
    if (body === null || typeof body !== 'object') throw new MarketDataError(`FMP ${path}: expected a JSON object`);
    if (body.historical === undefined) throw new UnknownSymbolError(symbol); // FMP answers {} for unknown symbols
    if (!Array.isArray(body.historical)) throw new MarketDataError(`FMP ${path}: "historical" is not an array`);
    const days = body.historical.map((row: { date?: unknown; close?: unknown }) => {
      if (typeof row.date !== 'string' || typeof row.close !== 'number') {
        throw new MarketDataError(`FMP ${path}: a historical row lacks date/close`);
      }
      return { date: row.date.slice(0, 10), close: row.close };
    });
    return days.sort((a, b) => a.date.localeCompare(b.date)); // FMP lists newest first
  }
}
