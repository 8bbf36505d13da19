// Bot status and component health, read from the shared store and the running services.
import type { ConfigService } from './config/configService.ts';
import type { MarketDataService } from './market/marketDataService.ts';
import type { Store } from './store/store.ts';
import type { TaskService } from './tasks/taskService.ts';
import type { Exchange } from './trading/exchange.ts';

export const BOT_VERSION = '2.0.0';

export class Monitoring {
  private readonly startedAt = Date.now();

  constructor(
    private readonly store: Store,
    private readonly config: ConfigService,
    private readonly marketData: MarketDataService,
    private readonly exchange: Exchange,
    private readonly tasks: TaskService,
  ) {}

  async status() {
    const { trading_enabled } = await this.config.get();
    return {
      status: trading_enabled ? ('running' as const) : ('paused' as const),
      uptime_seconds: this.uptimeSeconds(),
      exchange: this.exchange.name,
      version: BOT_VERSION,
    };
  }

  async health() {
    const storeHealth = await this.store.query('select 1').then(
      () => 'ok' as const,
      () => 'down' as const,
    );
    const orders = storeHealth === 'ok' ? await this.orderCounts() : {};
    const tasks = storeHealth === 'ok' ? await this.tasks.countsByStatus() : {};
    return {
      status: storeHealth === 'ok' ? ('ok' as const) : ('degraded' as const),
      uptime_seconds: this.uptimeSeconds(),
      components: {
        exchange: { status: 'ok' as const, name: this.exchange.name },
        market_data: { status: 'ok' as const, provider: this.marketData.provider.name },
        store: { status: storeHealth, kind: this.store.kind },
      },
      counters: {
        orders: { open: orders.open ?? 0, filled: orders.filled ?? 0, cancelled: orders.cancelled ?? 0 },
        tasks: { processing: tasks.processing ?? 0, complete: tasks.complete ?? 0, failed: tasks.failed ?? 0 },
      },
    };
  }

  private uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }

  private async orderCounts(): Promise<Record<string, number>> {
    const rows = await this.store.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from orders group by status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
