// Wires the domain services on one store and one market data provider; shared by the legacy and new backends.
import { PortfolioAnalyzer } from './analysis/portfolioAnalyzer.ts';
import { Backtester } from './analysis/backtester.ts';
import { ConfigService } from './config/configService.ts';
import { PortfolioEvents } from './events.ts';
import { MarketDataService } from './market/marketDataService.ts';
import { OrderbookService } from './market/orderbookService.ts';
import type { MarketDataProvider } from './market/provider.ts';
import { Monitoring } from './monitoring.ts';
import { sandboxAware } from './sandbox.ts';
import type { Store } from './store/store.ts';
import { TaskService } from './tasks/taskService.ts';
import { Exchange } from './trading/exchange.ts';
import { OrderService } from './trading/orderService.ts';
import { PortfolioManager } from './trading/portfolioManager.ts';
import { RiskManager } from './trading/riskManager.ts';

export type Domain = ReturnType<typeof createDomain>;

export function createDomain(sharedStore: Store, provider: MarketDataProvider) {
  // Every service gets the sandbox-aware store: sandboxed shadow requests roll their writes back (sandbox.ts).
  const store = sandboxAware(sharedStore);
  const events = new PortfolioEvents();
  const marketData = new MarketDataService(provider);
  const config = new ConfigService(store);
  const exchange = new Exchange();
  const portfolio = new PortfolioManager(store, marketData);
  const tasks = new TaskService(store);
  return {
    store,
    events,
    marketData,
    config,
    exchange,
    portfolio,
    tasks,
    orderbook: new OrderbookService(marketData),
    orders: new OrderService(store, marketData, exchange, new RiskManager(), portfolio, config, events),
    analyzer: new PortfolioAnalyzer(marketData),
    backtester: new Backtester(marketData, config),
    monitoring: new Monitoring(store, config, marketData, exchange, tasks),
  };
}
