// Return statistics on daily closes; annualized with 252 trading days.
export const TRADING_DAYS = 252;

export function dailyReturns(closes: readonly number[]): number[] {
  return closes.slice(1).map((close, i) => close / closes[i]! - 1);
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function covariance(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  return a.reduce((sum, v, i) => sum + (v - ma) * (b[i]! - mb), 0) / (a.length - 1);
}

export function annualizedVolatility(returns: readonly number[]): number {
  return Math.sqrt(covariance(returns, returns) * TRADING_DAYS);
}

export function beta(returns: readonly number[], benchmark: readonly number[]): number {
  return covariance(returns, benchmark) / covariance(benchmark, benchmark);
}

/** Largest peak-to-trough fall of the compounded returns, as a positive fraction. */
export function maxDrawdown(returns: readonly number[]): number {
  let value = 1;
  let peak = 1;
  let worst = 0;
  for (const r of returns) {
    value *= 1 + r;
    peak = Math.max(peak, value);
    worst = Math.max(worst, 1 - value / peak);
  }
  return worst;
}

export function compoundedReturn(returns: readonly number[]): number {
  return returns.reduce((value, r) => value * (1 + r), 1) - 1;
}

/** Annualized Sharpe ratio of daily returns (risk-free rate 0); 0 when returns do not vary. */
export function sharpeRatio(returns: readonly number[]): number {
  const sd = Math.sqrt(covariance(returns, returns));
  return sd === 0 || returns.length < 2 ? 0 : (mean(returns) / sd) * Math.sqrt(TRADING_DAYS);
}
