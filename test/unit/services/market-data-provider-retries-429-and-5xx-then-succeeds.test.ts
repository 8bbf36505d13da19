// The FMP provider against a local fake FMP server: success, retries on 429/5xx, timeouts, malformed JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MarketDataError, UnknownSymbolError } from '../../../services/domain/errors.ts';
import { FmpMarketDataProvider } from '../../../services/domain/market/fmpProvider.ts';

type Reply = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server | undefined;
const requests: string[] = [];

/** A fake FMP answering the i-th request with replies[i] (the last one repeats). */
async function fakeFmp(replies: Reply[], timeoutMs = 5_000): Promise<FmpMarketDataProvider> {
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    (replies[requests.length - 1] ?? replies.at(-1)!)(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new FmpMarketDataProvider({
    apiKey: 'secret-key',
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs,
    maxRetries: 2,
    backoffMs: 5,
  });
}

const json =
  (status: number, body: unknown): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('FMP market data provider', () => {
  it('reads a quote and sorts history oldest first, sending the API key', async () => {
    const fmp = await fakeFmp([
      json(200, [{ symbol: 'AAPL', price: 190.5, previousClose: 188 }]),
      json(200, {
        symbol: 'AAPL',
        historical: [
          { date: '2024-01-03', close: 2 },
          { date: '2024-01-02', close: 1 },
        ],
      }),
    ]);
    expect(await fmp.quote('AAPL')).toEqual({ symbol: 'AAPL', price: 190.5, previousClose: 188 });
    expect(await fmp.history('AAPL', '2024-01-01', '2024-01-31')).toEqual([
      { date: '2024-01-02', close: 1 },
      { date: '2024-01-03', close: 2 },
    ]);
    expect(requests[0]).toBe('/api/v3/quote/AAPL?apikey=secret-key');
    expect(requests[1]).toContain('from=2024-01-01');
  });

  it('retries 429 and 5xx answers with backoff, then succeeds', async () => {
    const fmp = await fakeFmp([
      json(429, { error: 'slow down' }),
      json(503, {}),
      json(200, [{ symbol: 'MSFT', price: 1, previousClose: 1 }]),
    ]);
    expect((await fmp.quote('MSFT')).price).toBe(1);
    expect(requests).toHaveLength(3);
  });

  it('gives up after its retries with the last status in the error', async () => {
    const fmp = await fakeFmp([json(500, {})]);
    await expect(fmp.quote('MSFT')).rejects.toThrow(/HTTP 500 \(gave up after 3 attempts\)/);
  });

  it('times out a hanging request and says so', async () => {
    const fmp = await fakeFmp([() => undefined], 100);
    const error = await fmp.quote('MSFT').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketDataError);
    expect((error as Error).message).toMatch(/timed out after 100 ms/);
    expect((error as Error).message).not.toContain('secret-key');
  });

  it('reports malformed JSON clearly, without retrying', async () => {
    const fmp = await fakeFmp([(_req, res) => res.writeHead(200).end('{"price": 1,')]);
    await expect(fmp.quote('MSFT')).rejects.toThrow(/malformed JSON/);
    expect(requests).toHaveLength(1);
  });

  it('maps an empty answer to an unknown symbol', async () => {
    const fmp = await fakeFmp([json(200, []), json(200, {})]);
    await expect(fmp.quote('NOPE')).rejects.toBeInstanceOf(UnknownSymbolError);
    await expect(fmp.history('NOPE', '2024-01-01', '2024-02-01')).rejects.toBeInstanceOf(UnknownSymbolError);
  });
});
