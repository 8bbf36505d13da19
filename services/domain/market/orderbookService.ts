// OrderbookService: a deterministic depth ladder around the current price (the simulated exchange's book).
import { hashString, seededRandom } from './seededRandom.ts';
import { round, type MarketDataService } from './marketDataService.ts';

export interface BookLevel {
  price: number;
  quantity: number;
}

export interface Orderbook {
  symbol: string;
  mid_price: number;
  spread: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

const LEVEL_STEP = 0.0005; // 5 bp between levels

export class OrderbookService {
  constructor(private readonly marketData: MarketDataService) {}

  async book(symbol: string, depth: number, signal?: AbortSignal): Promise<Orderbook> {
    const mid = await this.marketData.price(symbol, signal);
    const uniform = seededRandom(hashString(`book:${symbol}`));
    const level = (side: 1 | -1, i: number): BookLevel => ({
      price: round(mid * (1 + side * LEVEL_STEP * i), 2),
      quantity: round(1 + uniform() * 99, 3),
    });
    const bids = Array.from({ length: depth }, (_, i) => level(-1, i + 1));
    const asks = Array.from({ length: depth }, (_, i) => level(1, i + 1));
    return { symbol, mid_price: mid, spread: round(asks[0]!.price - bids[0]!.price, 4), bids, asks };
  }
}
