// `npm run bench`: the proxy benchmark, then — when present — the other benchmarks in quick mode
// (BENCH_QUICK=1), each in its own process. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runProxyBench } from './proxyBench.ts';

await runProxyBench();

for (const name of ['analyze.ts', 'soak.ts']) {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(`\n== ${name} (quick mode) ==`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_QUICK: '1' },
  });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}
