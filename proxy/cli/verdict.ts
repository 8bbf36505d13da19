// The compare verdict: is new better, worse or about the same as legacy over the same window? Both
// backends are judged on the same traffic period, so a slow day slows both and cancels out.
import type { StatsSummary } from '../stats/statsWindow.ts';
// The same rule the dashboard applies before it calls new worse (one file, loaded by the browser too).
import { enoughToCompare, MIN_REQUESTS_TO_COMPARE } from '../admin/dashboard/static/sampleRule.js';

export const DEFAULT_MIN_REQUESTS = MIN_REQUESTS_TO_COMPARE;
/** New may exceed legacy's error rate by this much (0.5 percentage points) before it counts as worse. */
export const MAX_ERROR_RATE_DELTA = 0.005;
/** New's p99 may be up to 20 % above legacy's before it counts as worse, and better only below 90 %. */
export const WORSE_P99_RATIO = 1.2;
export const BETTER_P99_RATIO = 0.9;

export type VerdictKind = 'better' | 'worse' | 'same' | 'not enough traffic';

export interface Verdict {
  kind: VerdictKind;
  line: string;
}

export function compareVerdict(legacy: StatsSummary, fresh: StatsSummary, minRequests = DEFAULT_MIN_REQUESTS): Verdict {
  const basis = `min ${minRequests} requests per backend`;
  if (!enoughToCompare(legacy.requests, fresh.requests, minRequests)) {
    return {
      kind: 'not enough traffic',
      line: `verdict: not enough traffic — legacy ${legacy.requests}, new ${fresh.requests} requests (${basis})`,
    };
  }
  const errorDelta = fresh.errorRate - legacy.errorRate;
  const p99Ratio = legacy.p99Ms && fresh.p99Ms !== null ? fresh.p99Ms / legacy.p99Ms : 1;
  const facts = `error rate ${signedPoints(errorDelta)}, p99 ×${p99Ratio.toFixed(2)}`;
  if (errorDelta > MAX_ERROR_RATE_DELTA || p99Ratio > WORSE_P99_RATIO)
    return { kind: 'worse', line: `verdict: new is worse — ${facts} (${basis})` };
  if (errorDelta < -MAX_ERROR_RATE_DELTA || p99Ratio < BETTER_P99_RATIO)
    return { kind: 'better', line: `verdict: new is better — ${facts} (${basis})` };
  return { kind: 'same', line: `verdict: new is about the same — ${facts} (${basis})` };
}

function signedPoints(delta: number): string {
  const points = delta * 100;
  return `${points >= 0 ? '+' : ''}${points.toFixed(2)} pp`;
}
