// WS /ws/portfolio pushes analysis progress and completion, order fills, price ticks and position P&L.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PortfolioEventSchema, type PortfolioEvent } from '../../../services/domain/events.ts';
import { servicesForFile } from '../../helpers/servicesServer.ts';
import { callApi, SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';

async function connect(baseUrl: string): Promise<{
  messages: PortfolioEvent[];
  socket: WebSocket;
  waitFor(test: (m: PortfolioEvent) => boolean): Promise<PortfolioEvent>;
}> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws/portfolio`);
  const messages: PortfolioEvent[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(PortfolioEventSchema.parse(JSON.parse(String(data))));
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const waitFor = async (test: (m: PortfolioEvent) => boolean) => {
    for (;;) {
      const found = messages.find(test);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { messages, socket, waitFor };
}

describe('portfolio WebSocket', () => {
  const services = servicesForFile({ marketLatencyMs: 10, priceTickMs: 50 });

  it('reports each fetched series of an analysis and then its completion', async () => {
    const ws = await connect(services.newUrl);
    const accepted = await callApi(services.newUrl, 'POST', '/api/analyze', SAMPLE_ANALYSIS);
    const taskId = (accepted.body as { task_id: string }).task_id;
    await ws.waitFor((m) => m.type === 'analysis_done' && m.task_id === taskId);
    const progress = ws.messages.filter((m) => m.type === 'analysis_progress' && m.task_id === taskId);
    expect(progress.length).toBeGreaterThanOrEqual(4); // 3 tickers + the benchmark
    expect(progress.at(-1)).toMatchObject({ completed: 4, total: 4 });
    expect(ws.messages.find((m) => m.type === 'analysis_done' && m.task_id === taskId)).toEqual({
      type: 'analysis_done',
      task_id: taskId,
      status: 'complete',
    });
    ws.socket.close();
  });

  it('reports a failed analysis with its error', async () => {
    const ws = await connect(services.newUrl);
    const accepted = await callApi(services.legacyUrl, 'POST', '/api/analyze', {
      ...SAMPLE_ANALYSIS,
      positions: { NOPE: 1 },
    });
    const taskId = (accepted.body as { task_id: string }).task_id;
    expect(await ws.waitFor((m) => m.type === 'analysis_done' && m.task_id === taskId)).toMatchObject({
      status: 'failed',
      error: 'Unknown symbol NOPE',
    });
    ws.socket.close();
  });

  it('pushes the fill of a market order, then price ticks and P&L for the held symbol', async () => {
    const ws = await connect(services.newUrl);
    const placed = await callApi(services.newUrl, 'POST', '/api/orders', {
      symbol: 'KO',
      side: 'buy',
      type: 'market',
      quantity: 2,
    });
    const orderId = (placed.body as { id: number }).id;
    expect(await ws.waitFor((m) => m.type === 'order_fill' && m.order_id === orderId)).toMatchObject({
      symbol: 'KO',
      side: 'buy',
      quantity: 2,
    });
    expect(await ws.waitFor((m) => m.type === 'price' && m.symbol === 'KO')).toMatchObject({
      price: expect.any(Number),
    });
    expect(await ws.waitFor((m) => m.type === 'position_pnl' && m.symbol === 'KO')).toMatchObject({ quantity: 2 });
    ws.socket.close();
  });

  it('refuses the upgrade without a valid X-API-Key once keys are configured', async () => {
    const key = 'ws-key-0123456789abcdef';
    await callApi(services.newUrl, 'PUT', '/api/config', { api_keys: [key] });
    const socket = new WebSocket(`${services.newUrl.replace('http', 'ws')}/ws/portfolio`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.once('open', () => resolve(101));
      socket.once('error', () => resolve(undefined));
    });
    socket.terminate();
    await callApi(services.newUrl, 'PUT', '/api/config', { api_keys: [] }, { 'x-api-key': key });
    expect(status).toBe(401);
  });
});
