// RiskManager: refuses orders that break the configured limits or that the account cannot cover.
import { RejectedError } from '../errors.ts';
import type { BotConfig } from '../config/botConfig.ts';
import type { Holdings } from './portfolioManager.ts';
import type { NewOrder } from './order.ts';

export class RiskManager {
  /** Throws RejectedError('order_rejected', why) when `order` at `price` is not allowed. */
  check(order: NewOrder, price: number, holdings: Holdings, config: BotConfig): void {
    const reject = (why: string) => {
      throw new RejectedError('order_rejected', why);
    };
    if (!config.trading_enabled) reject('Trading is paused (trading_enabled is false in the bot config)');
    const notional = order.quantity * price;
    if (order.side === 'sell') {
      if (order.quantity > holdings.assetFree) {
        reject(`Insufficient ${order.symbol}: ${holdings.assetFree} free, ${order.quantity} requested`);
      }
      return;
    }
    const positionAfter = (holdings.positionQuantity + order.quantity) * price;
    if (positionAfter > config.risk.max_position_size) {
      reject(
        `Position in ${order.symbol} would be ${positionAfter.toFixed(2)} USD, above max_position_size ${config.risk.max_position_size}`,
      );
    }
    if (holdings.exposure + notional > config.risk.max_exposure) {
      reject(
        `Total exposure would be ${(holdings.exposure + notional).toFixed(2)} USD, above max_exposure ${config.risk.max_exposure}`,
      );
    }
    if (notional > holdings.cashFree) {
      reject(`Insufficient USD: ${holdings.cashFree.toFixed(2)} free, ${notional.toFixed(2)} needed`);
    }
  }
}
