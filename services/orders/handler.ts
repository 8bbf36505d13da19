// /api/orders — list (filters, pagination), place, read and cancel orders.
import type { Domain } from '../domain/domain.ts';
import { parseInput } from '../contract/parseInput.ts';
import { handlerApp } from '../http/handlerApp.ts';
import { signalOf } from '../http/abortSignal.ts';
import { ListOrdersQuery, NewOrderBody, OrderIdParams } from './schema.ts';

export function ordersHandler(domain: Domain) {
  return handlerApp(domain, (app) => {
    app.get('/api/orders', async (req, res) => {
      res.json(await domain.orders.list(parseInput(ListOrdersQuery, req.query, 'query')));
    });
    app.post('/api/orders', async (req, res) => {
      const order = parseInput(NewOrderBody, req.body, 'body');
      res.status(201).json(await domain.orders.place(order, signalOf(res)));
    });
    app.get('/api/orders/:id', async (req, res) => {
      res.json(await domain.orders.get(parseInput(OrderIdParams, req.params, 'path').id));
    });
    app.delete('/api/orders/:id', async (req, res) => {
      res.json(await domain.orders.cancel(parseInput(OrderIdParams, req.params, 'path').id));
    });
  });
}
