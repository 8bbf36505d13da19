// OrderService: places (risk-checked, filled by the exchange), lists, reads and cancels orders — each write in one transaction.
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ConfigService } from '../config/configService.ts';
import type { PortfolioEvents } from '../events.ts';
import type { MarketDataService } from '../market/marketDataService.ts';
import type { Queryable, Store } from '../store/store.ts';
import type { Exchange } from './exchange.ts';
import { toOrder, type NewOrder, type Order, type OrderRow, type OrderStatus } from './order.ts';
import type { PortfolioManager } from './portfolioManager.ts';
import type { RiskManager } from './riskManager.ts';

export interface OrderFilter {
  status?: OrderStatus | undefined;
  symbol?: string | undefined;
  page: number;
  page_size: number;
}

const COLUMNS = 'id, symbol, side, type, quantity, price, status, filled_price, created_at, updated_at';

export class OrderService {
  constructor(
    private readonly store: Store,
    private readonly marketData: MarketDataService,
    private readonly exchange: Exchange,
    private readonly risk: RiskManager,
    private readonly portfolio: PortfolioManager,
    private readonly config: ConfigService,
    private readonly events: PortfolioEvents,
  ) {}

  async place(input: NewOrder, signal?: AbortSignal): Promise<Order> {
    const marketPrice = await this.marketData.price(input.symbol, signal);
    const config = await this.config.get();
    const order = await this.store.transaction(async (tx) => {
      const checkPrice = input.type === 'limit' ? input.price! : marketPrice;
      this.risk.check(input, checkPrice, await this.portfolio.holdings(tx, input.symbol), config);
      const fill = this.exchange.fillPrice(input, marketPrice);
      const [row] = await tx.query<OrderRow>(
        `insert into orders (symbol, side, type, quantity, price, status, filled_price)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
        [
          input.symbol,
          input.side,
          input.type,
          input.quantity,
          input.type === 'limit' ? input.price : null,
          fill === null ? 'open' : 'filled',
          fill,
        ],
      );
      const placed = toOrder(row!);
      if (fill === null) await this.portfolio.reserve(tx, placed);
      else await this.portfolio.applyFill(tx, placed, fill, false);
      return placed;
    });
    if (order.status === 'filled') this.publishFill(order);
    return order;
  }

  async list(filter: OrderFilter) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.symbol) where.push(`symbol = $${params.push(filter.symbol)}`);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const [count] = await this.store.query<{ total: number }>(
      `select count(*)::int as total from orders ${clause}`,
      params,
    );
    const rows = await this.store.query<OrderRow>(
      `select ${COLUMNS} from orders ${clause} order by id desc limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, filter.page_size, (filter.page - 1) * filter.page_size],
    );
    return { orders: rows.map(toOrder), page: filter.page, page_size: filter.page_size, total: count?.total ?? 0 };
  }

  async get(id: number): Promise<Order> {
    const [row] = await this.store.query<OrderRow>(`select ${COLUMNS} from orders where id = $1`, [id]);
    if (!row) throw new NotFoundError(`Order ${id} not found`);
    return toOrder(row);
  }

  async cancel(id: number): Promise<Order> {
    return this.store.transaction(async (tx) => {
      const order = await this.lockOpen(tx, id);
      await this.portfolio.release(tx, order);
      const [row] = await tx.query<OrderRow>(
        `update orders set status = 'cancelled', updated_at = now() where id = $1 returning ${COLUMNS}`,
        [id],
      );
      return toOrder(row!);
    });
  }

  /** Fills every open limit order whose price the market has crossed; returns the fills. */
  async matchOpenOrders(prices: ReadonlyMap<string, number>): Promise<Order[]> {
    const open = await this.store.query<OrderRow>(`select ${COLUMNS} from orders where status = 'open' order by id`);
    const fills: Order[] = [];
    for (const candidate of open.map(toOrder)) {
      const price = prices.get(candidate.symbol);
      const fill = price === undefined ? null : this.exchange.fillPrice(candidate, price);
      if (fill === null) continue;
      const filled = await this.store.transaction(async (tx) => {
        const order = await this.lockOpen(tx, candidate.id).catch(() => null); // cancelled meanwhile
        if (!order) return null;
        await this.portfolio.applyFill(tx, order, fill, true);
        const [row] = await tx.query<OrderRow>(
          `update orders set status = 'filled', filled_price = $2, updated_at = now() where id = $1 returning ${COLUMNS}`,
          [order.id, fill],
        );
        return toOrder(row!);
      });
      if (filled) fills.push(filled);
    }
    fills.forEach((order) => this.publishFill(order));
    return fills;
  }

  private async lockOpen(tx: Queryable, id: number): Promise<Order> {
    const [row] = await tx.query<OrderRow>(`select ${COLUMNS} from orders where id = $1 for update`, [id]);
    if (!row) throw new NotFoundError(`Order ${id} not found`);
    if (row.status !== 'open') throw new ConflictError(`Order ${id} is ${row.status} and cannot be cancelled`);
    return toOrder(row);
  }

  private publishFill(order: Order): void {
    this.events.publish({
      type: 'order_fill',
      order_id: order.id,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      price: order.filled_price!,
      at: order.updated_at,
    });
  }
}
