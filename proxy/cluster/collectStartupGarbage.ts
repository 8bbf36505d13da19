// Start-up leaves ≈ 10–15 MB of garbage on the heap (the config parsed and validated, schemas built,
// modules compiled) and a young generation grown to 16–32 MiB by start-up's allocation rate, which an
// idle proxy would keep mapped until traffic brings enough collections. Full collections once listening
// give it back. V8 shrinks the young generation only at a full collection that sees a low, non-zero
// allocation rate since the collection before, so they repeat a few seconds apart until it has shrunk (or
// ATTEMPTS ran). Idle RSS ≈ 84 → ≈ 70 MB (docs/BENCHMARKS.md, "Idle RSS"). `gc` comes from a throwaway
// context with --expose-gc set just for that, so no other code sees a global `gc`.
import v8 from 'node:v8';
import vm from 'node:vm';

const INTERVAL_MS = 3_000;
const ATTEMPTS = 6;
/** V8's initial young generation (1 MiB semi-space): shrunk back to it means done. */
const SHRUNK_BYTES = 2 * 1024 * 1024;

const youngGenerationBytes = () =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

export function collectStartupGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  let attempts = 0;
  const timer = setInterval(() => {
    gc();
    if (++attempts >= ATTEMPTS || youngGenerationBytes() <= SHRUNK_BYTES) clearInterval(timer);
  }, INTERVAL_MS);
  timer.unref();
}
