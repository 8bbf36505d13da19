// Fixed-boundary latency histogram for the in-memory stats window. Boundaries grow geometrically by 10 %
// from 0.1 ms to 120 s, so a reported percentile (the geometric middle of its bucket) is within about
// ±5 % of the true value; samples below 0.1 ms report 0.1 ms, samples above 120 s report 120 s.

const MIN_MS = 0.1;
const MAX_MS = 120_000;
const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);

/** Bucket i holds samples in (MIN_MS·1.1^(i-1), MIN_MS·1.1^i]; bucket 0 holds everything ≤ MIN_MS. */
export const LATENCY_BUCKET_COUNT = Math.ceil(Math.log(MAX_MS / MIN_MS) / LOG_GROWTH) + 1;

export function newLatencyCounts(): Uint32Array {
  return new Uint32Array(LATENCY_BUCKET_COUNT);
}

export function latencyBucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const index = Math.ceil(Math.log(ms / MIN_MS) / LOG_GROWTH);
  return Math.min(index, LATENCY_BUCKET_COUNT - 1);
}

/** The value reported for a bucket: the geometric middle of its bounds, clamped to MIN_MS..MAX_MS. */
function representativeMs(bucket: number): number {
  if (bucket === 0) return MIN_MS;
  const upper = MIN_MS * GROWTH ** bucket;
  return Math.min(Math.sqrt((upper / GROWTH) * upper), MAX_MS);
}

/** The q-quantile (0..1) of the counted samples in milliseconds, rounded to 0.01 ms; null when empty. */
export function percentileMs(counts: Uint32Array, total: number, q: number): number | null {
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bucket = 0; bucket < counts.length; bucket++) {
    seen += counts[bucket]!;
    if (seen >= rank) return Math.round(representativeMs(bucket) * 100) / 100;
  }
  return Math.round(MAX_MS * 100) / 100;
}

export function addCounts(into: Uint32Array, from: Uint32Array): void {
  for (let i = 0; i < from.length; i++) into[i]! += from[i]!;
}
