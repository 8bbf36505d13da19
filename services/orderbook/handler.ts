// GET /api/orderbook/:symbol?depth= — bids/asks depth (OrderbookService).
import type { Domain } from '../domain/domain.ts';
import { parseInput } from '../contract/parseInput.ts';
import { SymbolParams } from '../contract/schemas.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { signalOf } from '../http/abortSignal.ts';
import { OrderbookQuery } from './schema.ts';

export function orderbookHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/orderbook/:symbol', async (req, res) => {
      const { symbol } = parseInput(SymbolParams, req.params, 'path');
      const { depth } = parseInput(OrderbookQuery, req.query, 'query');
      res.json(await domain.orderbook.book(symbol, depth, signalOf(res)));
    });
  });
}
