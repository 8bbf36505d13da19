// Deterministic daily price series: one market factor plus each symbol's own beta and noise.
import { hashString, normalFrom, seededRandom } from './seededRandom.ts';
import type { DailyClose } from './provider.ts';

export const SIMULATED_HISTORY_START = '2018-01-01';
/** The simulated "today": fixed so results are reproducible across days and machines. */
export const SIMULATED_AS_OF = '2025-06-30';
export const BENCHMARK_SYMBOL = 'SPY';

/** Symbols the simulated provider knows, with a plausible starting price. */
export const SIMULATED_SYMBOLS: Readonly<Record<string, number>> = {
  SPY: 270,
  AAPL: 42,
  MSFT: 86,
  GOOGL: 53,
  AMZN: 59,
  NVDA: 5,
  TSLA: 21,
  META: 181,
  JPM: 107,
  XOM: 81,
  KO: 47,
  BTC: 13_000,
};

export function businessDays(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const DAYS = businessDays(SIMULATED_HISTORY_START, SIMULATED_AS_OF);
const marketShocks = (() => {
  const normal = normalFrom(seededRandom(hashString('market')));
  return DAYS.map(() => normal() * 0.011);
})();
const cache = new Map<string, DailyClose[]>();

/** The full series for a known symbol (memoized). */
export function simulatedSeries(symbol: string): DailyClose[] {
  const cached = cache.get(symbol);
  if (cached) return cached;
  const startPrice = SIMULATED_SYMBOLS[symbol];
  if (startPrice === undefined) throw new Error(`not a simulated symbol: ${symbol}`);
  const uniform = seededRandom(hashString(symbol));
  const normal = normalFrom(uniform);
  const isBenchmark = symbol === BENCHMARK_SYMBOL;
  const beta = isBenchmark ? 1 : 0.5 + uniform() * 1.3;
  const idiosyncraticVol = isBenchmark ? 0.002 : 0.008 + uniform() * 0.02;
  const drift = 0.0002 + uniform() * 0.0006;
  let price = startPrice;
  const series = DAYS.map((date, i) => {
    price *= Math.exp(drift + beta * (marketShocks[i] ?? 0) + idiosyncraticVol * normal());
    return { date, close: Math.round(price * 100) / 100 };
  });
  cache.set(symbol, series);
  return series;
}
