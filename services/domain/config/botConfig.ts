// The bot configuration: risk limits, symbols, strategy parameters and API keys; zod is its single definition.
import { z } from 'zod';

const SymbolSchema = z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'must be an upper-case ticker such as AAPL');

export const RiskLimitsSchema = z.object({
  max_position_size: z.number().positive().describe('Largest position per symbol, in USD notional at order price.'),
  max_exposure: z.number().positive().describe('Largest total notional of all positions, in USD.'),
});

export const StrategySchema = z
  .object({
    name: z.literal('sma_crossover'),
    fast_period: z.number().int().min(2).max(200),
    slow_period: z.number().int().min(3).max(400),
  })
  .refine((s) => s.fast_period < s.slow_period, {
    message: 'fast_period must be below slow_period',
    path: ['fast_period'],
  });

export const BotConfigSchema = z.object({
  trading_enabled: z
    .boolean()
    .describe('false pauses the bot: GET /api/status says paused and new orders are rejected.'),
  symbols: z.array(SymbolSchema).min(1).max(50),
  risk: RiskLimitsSchema,
  strategy: StrategySchema,
  api_keys: z
    .array(z.string().min(16, 'must be at least 16 characters'))
    .max(20)
    .describe('When non-empty, every /api request needs one of these in X-API-Key.'),
});

export type BotConfig = z.infer<typeof BotConfigSchema>;

export const DEFAULT_BOT_CONFIG: BotConfig = {
  trading_enabled: true,
  symbols: ['AAPL', 'MSFT', 'NVDA', 'BTC'],
  risk: { max_position_size: 50_000, max_exposure: 90_000 },
  strategy: { name: 'sma_crossover', fast_period: 10, slow_period: 30 },
  api_keys: [],
};
