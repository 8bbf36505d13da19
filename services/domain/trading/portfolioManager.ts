// PortfolioManager: balances and positions in the store, valued at market; applies fills and reservations.
import { round, type MarketDataService } from '../market/marketDataService.ts';
import { QUOTE_CURRENCY } from '../store/seed.ts';
import type { Queryable, Store } from '../store/store.ts';
import type { Order } from './order.ts';

export interface Holdings {
  cashFree: number;
  assetFree: number;
  positionQuantity: number;
  /** Sum of open positions at entry price, USD. */
  exposure: number;
}

interface BalanceRow {
  asset: string;
  free: number;
  locked: number;
}
interface PositionRow {
  symbol: string;
  quantity: number;
  entry_price: number;
}

const money = (value: number) => round(value, 6);

export class PortfolioManager {
  constructor(
    private readonly store: Store,
    private readonly marketData: MarketDataService,
  ) {}

  async balances(signal?: AbortSignal) {
    const rows = await this.store.query<BalanceRow>(
      'select asset, free, locked from balances where free + locked > 0 or asset = $1 order by asset',
      [QUOTE_CURRENCY],
    );
    const prices = await this.marketData.prices(
      rows.map((r) => r.asset).filter((a) => a !== QUOTE_CURRENCY),
      signal,
    );
    const balances = rows.map((row) => {
      const total = money(row.free + row.locked);
      const price = row.asset === QUOTE_CURRENCY ? 1 : prices.get(row.asset)!;
      return {
        asset: row.asset,
        free: money(row.free),
        locked: money(row.locked),
        total,
        value: round(total * price, 2),
      };
    });
    return {
      quote_currency: QUOTE_CURRENCY,
      balances,
      total_value: round(
        balances.reduce((sum, b) => sum + b.value, 0),
        2,
      ),
    };
  }

  async positions(signal?: AbortSignal) {
    const rows = await this.store.query<PositionRow>(
      'select symbol, quantity, entry_price from positions where quantity > 0 order by symbol',
    );
    const marks = await this.marketData.prices(
      rows.map((r) => r.symbol),
      signal,
    );
    const positions = rows.map((row) => positionView(row, marks.get(row.symbol)!));
    return {
      positions,
      total_unrealized_pnl: round(
        positions.reduce((sum, p) => sum + p.unrealized_pnl, 0),
        2,
      ),
    };
  }

  /** What the risk check needs about the account; locks the balance rows for the rest of the transaction. */
  async holdings(tx: Queryable, symbol: string): Promise<Holdings> {
    const balances = await tx.query<BalanceRow>(
      'select asset, free, locked from balances where asset in ($1, $2) for update',
      [QUOTE_CURRENCY, symbol],
    );
    const positions = await tx.query<PositionRow>('select symbol, quantity, entry_price from positions');
    return {
      cashFree: balances.find((b) => b.asset === QUOTE_CURRENCY)?.free ?? 0,
      assetFree: balances.find((b) => b.asset === symbol)?.free ?? 0,
      positionQuantity: positions.find((p) => p.symbol === symbol)?.quantity ?? 0,
      exposure: positions.reduce((sum, p) => sum + p.quantity * p.entry_price, 0),
    };
  }

  /** Moves what an open limit order may spend from free to locked. */
  async reserve(tx: Queryable, order: Order, direction: 1 | -1 = 1): Promise<void> {
    const [asset, amount] =
      order.side === 'buy' ? [QUOTE_CURRENCY, order.quantity * order.price!] : [order.symbol, order.quantity];
    await this.adjust(tx, asset, -amount * direction, amount * direction);
  }

  async release(tx: Queryable, order: Order): Promise<void> {
    await this.reserve(tx, order, -1);
  }

  /** Books a fill: cash, asset balance and the position's average entry price. */
  async applyFill(tx: Queryable, order: Order, price: number, wasReserved: boolean): Promise<void> {
    if (wasReserved) await this.release(tx, order);
    const cost = order.quantity * price;
    const sign = order.side === 'buy' ? 1 : -1;
    await this.adjust(tx, QUOTE_CURRENCY, -sign * cost, 0);
    await this.adjust(tx, order.symbol, sign * order.quantity, 0);
    const [position] = await tx.query<PositionRow>(
      'select symbol, quantity, entry_price from positions where symbol = $1 for update',
      [order.symbol],
    );
    const held = position?.quantity ?? 0;
    const quantity = money(held + sign * order.quantity);
    const entry = sign > 0 ? (held * (position?.entry_price ?? 0) + cost) / quantity : (position?.entry_price ?? price);
    await tx.query(
      `insert into positions (symbol, quantity, entry_price) values ($1, $2, $3)
       on conflict (symbol) do update set quantity = excluded.quantity, entry_price = excluded.entry_price`,
      [order.symbol, quantity, quantity > 0 ? money(entry) : 0],
    );
  }

  private async adjust(tx: Queryable, asset: string, freeDelta: number, lockedDelta: number): Promise<void> {
    await tx.query(
      `insert into balances (asset, free, locked) values ($1, $2, $3)
       on conflict (asset) do update set free = round((balances.free + $2)::numeric, 6)::float8, locked = round((balances.locked + $3)::numeric, 6)::float8`,
      [asset, money(freeDelta), money(lockedDelta)],
    );
  }
}

export function positionView(row: PositionRow, mark: number) {
  const pnl = (mark - row.entry_price) * row.quantity;
  return {
    symbol: row.symbol,
    quantity: row.quantity,
    entry_price: row.entry_price,
    mark_price: mark,
    unrealized_pnl: round(pnl, 2),
    unrealized_pnl_pct: round((pnl / (row.entry_price * row.quantity)) * 100, 4),
  };
}
