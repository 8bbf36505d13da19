// The order record as stored and as the API returns it.
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type OrderStatus = 'open' | 'filled' | 'cancelled';

export interface NewOrder {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: number;
  /** Limit price; required for limit orders, ignored for market orders. */
  price?: number | undefined;
}

export interface Order {
  id: number;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: number;
  price: number | null;
  status: OrderStatus;
  filled_price: number | null;
  created_at: string;
  updated_at: string;
}

export interface OrderRow extends Omit<Order, 'created_at' | 'updated_at'> {
  created_at: Date;
  updated_at: Date;
}

export function toOrder(row: OrderRow): Order {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}
