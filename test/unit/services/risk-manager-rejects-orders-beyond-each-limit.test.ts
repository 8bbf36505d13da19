// The risk manager refuses orders beyond the configured limits or the account's means, naming the limit.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOT_CONFIG } from '../../../services/domain/config/botConfig.ts';
import { RejectedError } from '../../../services/domain/errors.ts';
import { RiskManager } from '../../../services/domain/trading/riskManager.ts';
import type { Holdings } from '../../../services/domain/trading/portfolioManager.ts';

const risk = new RiskManager();
const rich: Holdings = { cashFree: 1_000_000, assetFree: 0, positionQuantity: 0, exposure: 0 };
const buy = (quantity: number) => ({ symbol: 'AAPL', side: 'buy' as const, type: 'market' as const, quantity });
const reason = (run: () => void) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(RejectedError);
    return (error as Error).message;
  }
};

describe('RiskManager', () => {
  it('accepts an order within every limit', () => {
    expect(reason(() => risk.check(buy(10), 100, rich, DEFAULT_BOT_CONFIG))).toBe('accepted');
  });

  it('rejects a position above max_position_size, counting what is already held', () => {
    expect(reason(() => risk.check(buy(100), 100, { ...rich, positionQuantity: 401 }, DEFAULT_BOT_CONFIG))).toMatch(
      /max_position_size 50000/,
    );
  });

  it('rejects total exposure above max_exposure', () => {
    expect(reason(() => risk.check(buy(100), 100, { ...rich, exposure: 85_000 }, DEFAULT_BOT_CONFIG))).toMatch(
      /max_exposure 90000/,
    );
  });

  it('rejects a buy the free cash cannot cover and a sell of more than is held', () => {
    expect(reason(() => risk.check(buy(10), 100, { ...rich, cashFree: 999 }, DEFAULT_BOT_CONFIG))).toMatch(
      /Insufficient USD/,
    );
    expect(
      reason(() => risk.check({ ...buy(5), side: 'sell' }, 100, { ...rich, assetFree: 4 }, DEFAULT_BOT_CONFIG)),
    ).toMatch(/Insufficient AAPL: 4 free, 5 requested/);
  });

  it('rejects every order while trading is paused', () => {
    expect(reason(() => risk.check(buy(1), 1, rich, { ...DEFAULT_BOT_CONFIG, trading_enabled: false }))).toMatch(
      /Trading is paused/,
    );
  });
});
