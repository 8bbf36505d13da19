// The slow endpoint's work: fetch each ticker's history (with a given concurrency), then volatility, beta,
// factor exposures, risk score and recommendations. Deterministic for the same market data.
import { RejectedError } from '../errors.ts';
import { mapWithConcurrency } from '../concurrency/semaphore.ts';
import { round, type MarketDataService } from '../market/marketDataService.ts';
import { BENCHMARK_SYMBOL } from '../market/simulatedSeries.ts';
import type { DailyClose } from '../market/provider.ts';
import { annualizedVolatility, beta, compoundedReturn, dailyReturns, maxDrawdown } from './statistics.ts';
import { recommendations, riskScore, type RiskTolerance } from './riskScore.ts';

export interface AnalysisInput {
  positions: Record<string, number>;
  start_date: string;
  end_date: string;
  risk_tolerance: RiskTolerance;
}

export interface AnalysisProgress {
  completed: number;
  total: number;
  stage: string;
}

export interface AnalyzeOptions {
  /** 1 = one ticker after another (legacy); more = concurrent fetches (new). */
  fetchConcurrency: number;
  onProgress?: (progress: AnalysisProgress) => void;
  signal?: AbortSignal;
}

const MIN_COMMON_DAYS = 20;

export class PortfolioAnalyzer {
  constructor(private readonly marketData: MarketDataService) {}

  async analyze(input: AnalysisInput, options: AnalyzeOptions) {
    const tickers = Object.keys(input.positions);
    const symbols = [...tickers, BENCHMARK_SYMBOL];
    let completed = 0;
    options.onProgress?.({ completed, total: symbols.length, stage: 'started' });
    const series = await mapWithConcurrency(symbols, options.fetchConcurrency, async (symbol) => {
      const history = await this.marketData.history(symbol, input.start_date, input.end_date, options.signal);
      options.onProgress?.({ completed: ++completed, total: symbols.length, stage: `fetched ${symbol}` });
      return history;
    });
    const aligned = alignOnCommonDates(series);
    if (aligned.dates.length < MIN_COMMON_DAYS) {
      throw new RejectedError(
        'insufficient_history',
        `Not enough price history between ${input.start_date} and ${input.end_date}: ${aligned.dates.length} common trading days, need ${MIN_COMMON_DAYS}`,
      );
    }
    const benchmarkReturns = dailyReturns(aligned.closes.at(-1)!);
    const values = tickers.map((t, i) => input.positions[t]! * aligned.closes[i]!.at(-1)!);
    const totalValue = values.reduce((sum, v) => sum + v, 0);
    const holdings = tickers.map((ticker, i) => {
      const returns = dailyReturns(aligned.closes[i]!);
      return {
        ticker,
        shares: input.positions[ticker]!,
        last_price: aligned.closes[i]!.at(-1)!,
        value: round(values[i]!, 2),
        weight: round(values[i]! / totalValue, 6),
        annualized_volatility: round(annualizedVolatility(returns), 6),
        beta: round(beta(returns, benchmarkReturns), 6),
        period_return: round(compoundedReturn(returns), 6),
        returns,
      };
    });
    const portfolioReturns = benchmarkReturns.map((_, day) =>
      holdings.reduce((sum, h) => sum + h.weight * h.returns[day]!, 0),
    );
    const portfolio = {
      annualized_volatility: round(annualizedVolatility(portfolioReturns), 6),
      beta: round(beta(portfolioReturns, benchmarkReturns), 6),
      period_return: round(compoundedReturn(portfolioReturns), 6),
      max_drawdown: round(maxDrawdown(portfolioReturns), 6),
    };
    const concentration = round(
      holdings.reduce((sum, h) => sum + h.weight ** 2, 0),
      6,
    );
    const score = riskScore({
      volatility: portfolio.annualized_volatility,
      beta: portfolio.beta,
      concentration,
      maxDrawdown: portfolio.max_drawdown,
    });
    options.onProgress?.({ completed: symbols.length, total: symbols.length, stage: 'computed risk' });
    return {
      period: { start: aligned.dates[0]!, end: aligned.dates.at(-1)!, trading_days: aligned.dates.length },
      benchmark: BENCHMARK_SYMBOL,
      total_value: round(totalValue, 2),
      holdings: holdings.map(({ returns: _returns, ...h }) => h),
      portfolio,
      factor_exposures: {
        market: portfolio.beta,
        momentum: portfolio.period_return,
        concentration,
        relative_volatility: round(portfolio.annualized_volatility / annualizedVolatility(benchmarkReturns), 6),
      },
      ...score,
      risk_tolerance: input.risk_tolerance,
      recommendations: recommendations(input.risk_tolerance, score.risk_score, portfolio.beta, holdings),
    };
  }
}

export type AnalysisResult = Awaited<ReturnType<PortfolioAnalyzer['analyze']>>;

/** Keeps only the dates every series has, so returns line up day by day. */
function alignOnCommonDates(series: DailyClose[][]) {
  const counts = new Map<string, number>();
  for (const days of series) for (const day of days) counts.set(day.date, (counts.get(day.date) ?? 0) + 1);
  const dates = [...counts]
    .filter(([, n]) => n === series.length)
    .map(([date]) => date)
    .sort();
  const keep = new Set(dates);
  return { dates, closes: series.map((days) => days.filter((d) => keep.has(d.date)).map((d) => d.close)) };
}
