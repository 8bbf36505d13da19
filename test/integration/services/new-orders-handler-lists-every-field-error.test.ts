// One new handler on its own (an express 5 app, as the proxy runs it), driven with supertest.
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewServices, type NewServices } from '../../../services/stack.ts';

describe('the new orders handler', () => {
  let services: NewServices;
  let orders: RequestListener;

  beforeAll(async () => {
    services = await startNewServices({ dataDir: 'memory://', priceTickMs: 0, marketLatencyMs: 0 });
    const handler = services.handlers.handler('orders')!;
    // What the proxy does with `done`: an unhandled error is a 500, falling through is a 404.
    orders = (req, res) => handler(req, res, (error) => res.writeHead(error ? 500 : 404).end());
  }, 90_000);
  afterAll(() => services.close());

  it('answers an invalid order with 422 and one entry per bad field', async () => {
    const res = await request(orders)
      .post('/api/orders')
      .send({ symbol: 42, side: 'sideways', type: 'market', quantity: -3 })
      .expect('content-type', /json/)
      .expect(422);
    expect(res.body.error).toBe('validation_error');
    const fields = (res.body.details as Array<{ location: string; field: string }>)
      .map((d) => `${d.location}:${d.field}`)
      .sort();
    expect(fields).toEqual(['body:quantity', 'body:side', 'body:symbol']);
  });

  it('accepts a valid market order and lists it', async () => {
    const created = await request(orders)
      .post('/api/orders')
      .send({ symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1 })
      .expect(201);
    const listed = await request(orders).get('/api/orders').expect(200);
    expect(JSON.stringify(listed.body)).toContain(String(created.body.id));
  });
});
