// The market clock: each tick moves simulated prices, fills crossed limit orders and pushes price/P&L events
// for held symbols. Off (interval 0) in tests that need static prices.
import type { Logger } from 'pino';
import type { Domain } from './domain.ts';
import { positionView } from './trading/portfolioManager.ts';

export const DEFAULT_PRICE_TICK_MS = 1000;

export function startMarketTicker(domain: Domain, intervalMs: number, logger?: Logger): { stop(): Promise<void> } {
  if (intervalMs <= 0) return { stop: async () => undefined };
  let inFlight: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = async () => {
    domain.marketData.provider.advanceTick?.();
    const held = await domain.store.query<{ symbol: string; quantity: number; entry_price: number }>(
      `select symbol, quantity, entry_price from positions where quantity > 0
       union select symbol, 0, 0 from orders where status = 'open'`,
    );
    const prices = await domain.marketData.prices([...new Set(held.map((h) => h.symbol))]);
    await domain.orders.matchOpenOrders(prices);
    const at = new Date().toISOString();
    for (const [symbol, price] of prices) domain.events.publish({ type: 'price', symbol, price, at });
    for (const row of held.filter((h) => h.quantity > 0)) {
      domain.events.publish({ type: 'position_pnl', ...positionView(row, prices.get(row.symbol)!), at });
    }
  };
  const timer = setInterval(() => {
    if (busy) return; // a slow provider must not pile up ticks
    busy = true;
    inFlight = tick()
      .catch((error: Error) => logger?.warn({ err: error.message }, 'market tick failed'))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
    },
  };
}
