// Benchmark: N analyses submitted together (legacy vs new), then GET /api/balances throughput at 50 clients.
// Run: npx tsx test/bench/analyze.ts   (BENCH_QUICK=1 for a reduced run under a minute)
// Writes bench/results/analyze.json (analyze.quick.json in quick mode, so a quick run never replaces a
// full run's numbers) and prints the tables.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runAnalyses, type LoadResult } from './analyzeLoad.ts';
import { loadBalances, type BalancesResult } from './balancesLoad.ts';

const QUICK = process.env.BENCH_QUICK === '1';
/** Three tickers + the benchmark index = 4 price series per analysis. */
const ANALYSIS = {
  positions: { AAPL: 10, MSFT: 5, NVDA: 20 },
  start_date: '2024-01-01',
  end_date: '2024-12-31',
  risk_tolerance: 'moderate',
};
const FETCHES_PER_ANALYSIS = 4;
/** One legacy analysis fetches its 4 series one after another: 4 × 750 ms ≈ 3 s, the original claim's unit. */
const ANALYSIS_TARGET_MS = QUICK ? 200 : 3_000;
const MARKET_LATENCY_MS = ANALYSIS_TARGET_MS / FETCHES_PER_ANALYSIS;
const COUNTS = QUICK ? [1, 3, 10, 30] : [1, 3, 10, 100];
/** Each client polls its task this often (from a random phase); every poll costs the backend a store read. */
const POLL_INTERVAL_MS = QUICK ? 20 : 250;
const BALANCES_CLIENTS = 50;
const BALANCES_DURATION_MS = QUICK ? 3_000 : 10_000;
const BALANCES_MARKET_LATENCY_MS = 10;

/** Runs `run` against a fresh reference stack in its own process (see analyzeServer.ts). */
async function withStack<T>(
  marketLatencyMs: number,
  run: (urls: { legacy: string; new: string }) => Promise<T>,
): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./analyzeServer.ts', import.meta.url))],
    {
      env: { ...process.env, BENCH_MARKET_LATENCY_MS: String(marketLatencyMs) },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    return await run(JSON.parse(line) as { legacy: string; new: string });
  } finally {
    child.stdin!.end();
    await once(child, 'exit');
  }
}

async function benchAnalyses(): Promise<Record<'legacy' | 'new', LoadResult[]>> {
  return withStack(MARKET_LATENCY_MS, async (urls) => {
    const results = { legacy: [] as LoadResult[], new: [] as LoadResult[] };
    for (const backend of ['new', 'legacy'] as const) {
      await runAnalyses(urls[backend], 1, ANALYSIS, POLL_INTERVAL_MS); // warm-up, not recorded
      for (const n of COUNTS) {
        const result = await runAnalyses(urls[backend], n, ANALYSIS, POLL_INTERVAL_MS);
        results[backend].push(result);
        console.error(`analyze ${backend} N=${n}: all complete in ${(result.allCompleteMs / 1000).toFixed(2)} s`);
      }
    }
    return results;
  });
}

async function benchBalances(): Promise<Record<'legacy' | 'new', BalancesResult>> {
  return withStack(BALANCES_MARKET_LATENCY_MS, async (urls) => {
    // Hold one position so every answer values an asset at market (a quote per request).
    await fetch(`${urls.new}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', side: 'buy', type: 'market', quantity: 5 }),
    });
    return {
      legacy: await loadBalances(urls.legacy, BALANCES_CLIENTS, BALANCES_DURATION_MS),
      new: await loadBalances(urls.new, BALANCES_CLIENTS, BALANCES_DURATION_MS),
    };
  });
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function printTables(
  analyses: Record<'legacy' | 'new', LoadResult[]>,
  balances: Record<'legacy' | 'new', BalancesResult>,
): void {
  console.log(
    `\nPOST /api/analyze — ${FETCHES_PER_ANALYSIS} price series per analysis, market latency ${MARKET_LATENCY_MS} ms per request, polled every ${POLL_INTERVAL_MS} ms`,
  );
  console.log('backend |    N | all complete (s) | p50 (s) | p99 (s) | × one | failed');
  for (const backend of ['legacy', 'new'] as const) {
    const one = analyses[backend][0]!.allCompleteMs;
    for (const r of analyses[backend]) {
      console.log(
        `${backend.padEnd(7)} | ${String(r.n).padStart(4)} | ${seconds(r.allCompleteMs).padStart(16)} | ${seconds(r.p50Ms).padStart(7)} | ${seconds(r.p99Ms).padStart(7)} | ${(r.allCompleteMs / one).toFixed(2).padStart(5)} | ${r.failed}`,
      );
    }
  }
  console.log(
    `\nGET /api/balances — ${BALANCES_CLIENTS} keep-alive clients for ${BALANCES_DURATION_MS / 1000} s, market latency ${BALANCES_MARKET_LATENCY_MS} ms`,
  );
  console.log('backend |      rps | p50 (ms) | p99 (ms) | errors');
  for (const backend of ['legacy', 'new'] as const) {
    const b = balances[backend];
    console.log(
      `${backend.padEnd(7)} | ${b.rps.toFixed(1).padStart(8)} | ${b.p50Ms.toFixed(1).padStart(8)} | ${b.p99Ms.toFixed(1).padStart(8)} | ${b.errors}`,
    );
  }
}

const analyses = await benchAnalyses();
const balances = await benchBalances();
printTables(analyses, balances);
const RESULT_FILE = QUICK ? 'bench/results/analyze.quick.json' : 'bench/results/analyze.json';
await mkdir('bench/results', { recursive: true });
await writeFile(
  RESULT_FILE,
  `${JSON.stringify({ quick: QUICK, node: process.version, marketLatencyMs: MARKET_LATENCY_MS, pollIntervalMs: POLL_INTERVAL_MS, analyses, balancesMarketLatencyMs: BALANCES_MARKET_LATENCY_MS, balances }, null, 2)}\n`,
);
console.log(`\nwrote ${RESULT_FILE}`);
