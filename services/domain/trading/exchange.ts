// Exchange: the simulated venue. Market orders fill at the current price; limit orders once the price crosses.
import type { OrderSide, OrderType } from './order.ts';

export class Exchange {
  readonly name = 'simulated';

  /** The fill price for `order` at `marketPrice`, or null while a limit order cannot fill yet. */
  fillPrice(
    order: { side: OrderSide; type: OrderType; price?: number | null | undefined },
    marketPrice: number,
  ): number | null {
    if (order.type === 'market') return marketPrice;
    const limit = order.price!;
    if (order.side === 'buy') return marketPrice <= limit ? marketPrice : null;
    return marketPrice >= limit ? marketPrice : null;
  }
}
