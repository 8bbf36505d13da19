// Where prices come from: the simulated provider by default, Financial Modeling Prep when FMP_API_KEY is set.

export interface Quote {
  symbol: string;
  price: number;
  previousClose: number;
}

export interface DailyClose {
  /** YYYY-MM-DD */
  date: string;
  close: number;
}

export interface MarketDataProvider {
  readonly name: string;
  /** Throws UnknownSymbolError for a symbol the provider does not know. */
  quote(symbol: string, signal?: AbortSignal): Promise<Quote>;
  /** Daily closes in [from, to], oldest first. Throws UnknownSymbolError for an unknown symbol. */
  history(symbol: string, from: string, to: string, signal?: AbortSignal): Promise<DailyClose[]>;
  /** Moves simulated prices one step; providers backed by a live feed have no such thing. */
  advanceTick?(): void;
}
