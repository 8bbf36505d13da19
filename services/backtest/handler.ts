// POST /api/backtest — run the SMA crossover strategy over historical prices.
import type { Domain } from '../domain/domain.ts';
import { parseInput } from '../contract/parseInput.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { signalOf } from '../http/abortSignal.ts';
import { BacktestBody } from './schema.ts';

export function backtestHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.post('/api/backtest', async (req, res) => {
      res.json(await domain.backtester.run(parseInput(BacktestBody, req.body, 'body'), signalOf(res)));
    });
  });
}
