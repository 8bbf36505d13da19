import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { pollUntil } from '../../helpers/poll.ts';

interface Diffs {
  counts: Record<string, number>;
  noisyFields: string[];
  mismatches: Array<{ path: string; differences: Array<{ path: string; legacy?: string; new?: string }> }>;
}

describe('shadow traffic compares new with legacy without touching the client response', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;
  const shadowHeaders: Array<string | undefined> = [];

  beforeAll(async () => {
    // Legacy stamps every answer with a fresh nanosecond time: two legacy answers never agree on it.
    legacy = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ symbol: 'ABC', price: 10, at: process.hrtime.bigint().toString() }));
    });
    const handlers = handlerRegistry({
      quote: (req, res) => {
        shadowHeaders.push(req.headers['x-strangler-shadow'] as string | undefined);
        const price = req.url?.startsWith('/quote/changed') ? 11 : 10;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ symbol: 'ABC', price, at: `new-${Date.now()}` }));
      },
    });
    proxy = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [
          {
            id: 'quote',
            match: { path: '/quote/*' },
            new: { handler: 'quote' },
            weight: 0,
            phase: 'shadow',
            shadow: { calibrationSamples: 3 },
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  const diffs = async () => (await (await fetch(`${proxy.adminUrl}/admin/routes/quote/diffs`)).json()) as Diffs;
  const compared = (d: Diffs) => d.counts.match! + d.counts.mismatch! + d.counts.error!;

  it('serves legacy, learns the noisy timestamp, and reports only the changed field', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${proxy.url}/quote/same`);
      expect(res.headers.get('x-strangler-backend')).toBe('legacy');
      expect(((await res.json()) as { price: number }).price).toBe(10);
    }
    await pollUntil(diffs, (d) => compared(d) >= 3);
    for (let i = 0; i < 2; i++)
      expect(((await (await fetch(`${proxy.url}/quote/changed?token=secret`)).json()) as { price: number }).price).toBe(
        10,
      );
    const result = await pollUntil(diffs, (d) => compared(d) >= 5);

    expect(result.noisyFields).toEqual(['$.at']);
    expect(result.counts).toEqual({ match: 3, mismatch: 2, error: 0, shed: 0 });
    expect(result.mismatches.map((m) => m.path)).toEqual(['/quote/changed', '/quote/changed']);
    expect(result.mismatches[0]!.differences).toEqual([{ path: '$.price', kind: 'changed', legacy: '10', new: '11' }]);
    expect(shadowHeaders.every((h) => h === 'read')).toBe(true);
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/strangler_shadow_comparisons_total\{route="quote",result="mismatch"\} 2/);
  });

  it('lists the same mismatches from the CLI, without the query string', async () => {
    const run = await runCli(['diffs', 'quote', '--limit', '1'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^quote: 60 % match — 3 match, 2 mismatch, 0 error, 0 shed\nnoisy fields ignored \(from 3 calibration samples\): \$\.at\n/,
    );
    expect(run.stdout).toContain('GET /quote/changed  legacy 200 / new 200');
    expect(run.stdout).toContain('changed        $.price: 10 → 11');
    expect(run.stdout).not.toContain('token=secret');
  });
});
