// What the ramp controller does at the end of an interval, decided from the gates' verdict and how many
// intervals in a row have failed. Pure, so the rule itself is tested without servers or clocks.
import type { GateName, Verdict } from './gates.ts';

/** Gates failing on this many intervals in a row roll the route back to 0. */
export const FAILURES_BEFORE_ROLLBACK = 2;

export type RampDecision =
  | { action: 'wait'; message: string }
  | { action: 'advance' }
  | { action: 'hold'; failures: number; message: string }
  | { action: 'rollback'; failures: number; gates: GateName[]; reason: string };

export function decideStep(verdict: Verdict, failuresSoFar: number, weight: number): RampDecision {
  if (verdict.kind === 'wait') return { action: 'wait', message: verdict.reason };
  if (verdict.passed) return { action: 'advance' };
  const failures = failuresSoFar + 1;
  const failed = verdict.results.filter((r) => !r.passed);
  const reason = failed.map((r) => `${r.gate}: ${r.detail}`).join('; ');
  if (failures < FAILURES_BEFORE_ROLLBACK)
    return {
      action: 'hold',
      failures,
      message: `gates failed once at ${weight} % (${reason}); another failure rolls back`,
    };
  return { action: 'rollback', failures, gates: failed.map((r) => r.gate), reason };
}
