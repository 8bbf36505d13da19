import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { pollUntil } from '../../helpers/poll.ts';

const BIG = JSON.stringify({ rows: 'x'.repeat(2 * 1024 * 1024) });
const SMALL = { symbol: 'ABC', price: 10 };

describe('shadowing leaves what the client receives exactly as legacy sent it', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;

  beforeAll(async () => {
    legacy = await startUpstream((req, res) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(BIG);
        return;
      }
      // Legacy compresses when asked; new (below) never does: the comparison must see through it.
      const gzip = String(req.headers['accept-encoding'] ?? '').includes('gzip');
      res.writeHead(200, { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
      res.end(gzip ? gzipSync(JSON.stringify(SMALL)) : JSON.stringify(SMALL));
    });
    const handlers = handlerRegistry({
      same: (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(req.url === '/big' ? BIG : JSON.stringify(SMALL));
      },
    });
    proxy = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [
          {
            id: 'r',
            match: { path: '/*' },
            new: { handler: 'same' },
            weight: 0,
            phase: 'shadow',
            shadow: { calibrationSamples: 0 },
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  const counts = async () =>
    ((await (await fetch(`${proxy.adminUrl}/admin/routes/r/diffs`)).json()) as { counts: Record<string, number> })
      .counts;

  it('streams a body over maxBodyBytes to the client in full and sheds its comparison', async () => {
    const res = await fetch(`${proxy.url}/big`);
    expect(await res.text()).toBe(BIG);
    expect(await pollUntil(counts, (c) => c.shed === 1)).toMatchObject({ shed: 1, match: 0, mismatch: 0 });
  });

  it('passes a gzip answer through unchanged and compares it decompressed', async () => {
    const res = await fetch(`${proxy.url}/small`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.json()).toEqual(SMALL);
    expect(await pollUntil(counts, (c) => c.match === 1)).toMatchObject({ shed: 1, match: 1, mismatch: 0, error: 0 });
  });
});
