// GET /api/market/:symbol — price and 24 h change (MarketDataService).
import type { Domain } from '../domain/domain.ts';
import { parseInput } from '../contract/parseInput.ts';
import { SymbolParams } from '../contract/schemas.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { signalOf } from '../http/abortSignal.ts';

export function marketHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/market/:symbol', async (req, res) => {
      const { symbol } = parseInput(SymbolParams, req.params, 'path');
      res.json(await domain.marketData.snapshot(symbol, signalOf(res)));
    });
  });
}
