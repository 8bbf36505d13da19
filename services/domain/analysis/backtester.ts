// Backtests the SMA crossover strategy on daily closes: long when fast SMA > slow SMA, flat otherwise.
import { RejectedError, RequestValidationError } from '../errors.ts';
import type { ConfigService } from '../config/configService.ts';
import { round, type MarketDataService } from '../market/marketDataService.ts';
import { dailyReturns, maxDrawdown, sharpeRatio } from './statistics.ts';

export interface BacktestInput {
  symbol: string;
  start_date: string;
  end_date: string;
  initial_capital: number;
  /** Omitted periods come from the bot config's strategy. */
  fast_period?: number | undefined;
  slow_period?: number | undefined;
}

interface Trade {
  date: string;
  side: 'buy' | 'sell';
  price: number;
  quantity: number;
}

export class Backtester {
  constructor(
    private readonly marketData: MarketDataService,
    private readonly config: ConfigService,
  ) {}

  async run(request: BacktestInput, signal?: AbortSignal) {
    const { strategy } = await this.config.get();
    const input = {
      ...request,
      fast_period: request.fast_period ?? strategy.fast_period,
      slow_period: request.slow_period ?? strategy.slow_period,
    };
    if (input.fast_period >= input.slow_period) {
      throw new RequestValidationError([
        {
          location: 'body',
          field: 'fast_period',
          message: `fast_period (${input.fast_period}) must be below slow_period (${input.slow_period})`,
          code: 'custom',
        },
      ]);
    }
    const days = await this.marketData.history(input.symbol, input.start_date, input.end_date, signal);
    if (days.length <= input.slow_period) {
      throw new RejectedError(
        'insufficient_history',
        `Backtest needs more than ${input.slow_period} trading days of ${input.symbol}; ${input.start_date}..${input.end_date} has ${days.length}`,
      );
    }
    const closes = days.map((d) => d.close);
    const sma = (end: number, period: number) =>
      closes.slice(end - period + 1, end + 1).reduce((s, c) => s + c, 0) / period;
    let cash = input.initial_capital;
    let shares = 0;
    const trades: Trade[] = [];
    const equity: number[] = [];
    for (let i = 0; i < closes.length; i++) {
      const price = closes[i]!;
      if (i >= input.slow_period) {
        const bullish = sma(i, input.fast_period) > sma(i, input.slow_period);
        if (bullish && shares === 0) {
          shares = Math.floor(cash / price);
          if (shares > 0) {
            cash -= shares * price;
            trades.push({ date: days[i]!.date, side: 'buy', price, quantity: shares });
          }
        } else if (!bullish && shares > 0) {
          cash += shares * price;
          trades.push({ date: days[i]!.date, side: 'sell', price, quantity: shares });
          shares = 0;
        }
      }
      equity.push(cash + shares * price);
    }
    const finalEquity = equity.at(-1)!;
    const returns = dailyReturns(equity);
    return {
      symbol: input.symbol,
      strategy: { name: 'sma_crossover' as const, fast_period: input.fast_period, slow_period: input.slow_period },
      period: { start: days[0]!.date, end: days.at(-1)!.date, trading_days: days.length },
      initial_capital: input.initial_capital,
      final_equity: round(finalEquity, 2),
      pnl: round(finalEquity - input.initial_capital, 2),
      return_pct: round((finalEquity / input.initial_capital - 1) * 100, 4),
      max_drawdown: round(maxDrawdown(returns), 6),
      sharpe_ratio: round(sharpeRatio(returns), 6),
      trades,
    };
  }
}
