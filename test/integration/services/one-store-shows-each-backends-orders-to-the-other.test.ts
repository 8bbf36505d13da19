// Both backends share one store: a write through either is visible through the other at once.
import { describe, expect, it } from 'vitest';
import { servicesForFile } from '../../helpers/servicesServer.ts';
import { callApi } from '../../helpers/servicesClient.ts';

describe('one store behind both backends', () => {
  const services = servicesForFile();

  it('shows an order placed via new on legacy, and one placed via legacy on new', async () => {
    const viaNew = await callApi(services.newUrl, 'POST', '/api/orders', {
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      quantity: 3,
    });
    const viaLegacy = await callApi(services.legacyUrl, 'POST', '/api/orders', {
      symbol: 'MSFT',
      side: 'buy',
      type: 'limit',
      quantity: 2,
      price: 1,
    });
    expect([viaNew.status, viaLegacy.status]).toEqual([201, 201]);
    const newId = (viaNew.body as { id: number }).id;
    const legacyId = (viaLegacy.body as { id: number }).id;
    expect(await callApi(services.legacyUrl, 'GET', `/api/orders/${newId}`)).toEqual({
      status: 200,
      body: viaNew.body,
    });
    expect(await callApi(services.newUrl, 'GET', `/api/orders/${legacyId}`)).toEqual({
      status: 200,
      body: viaLegacy.body,
    });
  });

  it('cancels via legacy what new then reads as cancelled, with the reserved cash released', async () => {
    const placed = await callApi(services.newUrl, 'POST', '/api/orders', {
      symbol: 'NVDA',
      side: 'buy',
      type: 'limit',
      quantity: 10,
      price: 2,
    });
    const locked = await callApi(services.legacyUrl, 'GET', '/api/balances');
    expect(
      (locked.body as { balances: { asset: string; locked: number }[] }).balances.find((b) => b.asset === 'USD')!
        .locked,
    ).toBeGreaterThanOrEqual(20);
    const id = (placed.body as { id: number }).id;
    expect((await callApi(services.legacyUrl, 'DELETE', `/api/orders/${id}`)).status).toBe(200);
    expect((await callApi(services.newUrl, 'GET', `/api/orders/${id}`)).body).toMatchObject({ status: 'cancelled' });
    expect((await callApi(services.newUrl, 'DELETE', `/api/orders/${id}`)).status).toBe(409);
  });

  it('applies a config change made on one backend to the other (including auth)', async () => {
    const key = 'consistency-key-0123456789';
    expect((await callApi(services.newUrl, 'PUT', '/api/config', { api_keys: [key] })).status).toBe(200);
    const denied = await callApi(services.legacyUrl, 'GET', '/api/positions');
    const deniedNew = await callApi(services.newUrl, 'GET', '/api/positions');
    expect(denied.status).toBe(401);
    expect(deniedNew).toEqual(denied);
    expect(
      (await callApi(services.legacyUrl, 'PUT', '/api/config', { api_keys: [] }, { 'x-api-key': key })).status,
    ).toBe(200);
    expect((await callApi(services.newUrl, 'GET', '/api/positions')).status).toBe(200);
  });
});
