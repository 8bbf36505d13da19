import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../proxy/cutover/ramp/gates.ts';
import { decideStep } from '../../../proxy/cutover/ramp/rampDecision.ts';

const judged = (passed: boolean): Verdict => ({
  kind: 'judged',
  passed,
  results: [{ gate: 'p99Ratio', passed, detail: passed ? 'fine' : 'too slow' }],
});
const waiting: Verdict = { kind: 'wait', reason: 'waiting for traffic' };

/** Feeds verdicts to the rule the way the controller does; returns the index of the rollback, or -1. */
function rollbackIndex(verdicts: Verdict[]): number {
  let failures = 0;
  for (const [index, verdict] of verdicts.entries()) {
    const decision = decideStep(verdict, failures, 25);
    if (decision.action === 'rollback') return index;
    if (decision.action === 'advance') failures = 0;
    if (decision.action === 'hold') failures = decision.failures;
  }
  return -1;
}

describe('the ramp decision rule', () => {
  it('rolls back exactly at the second judged failure in a row; waiting neither counts nor resets', () => {
    const verdict = fc.oneof(fc.constant(judged(true)), fc.constant(judged(false)), fc.constant(waiting));
    fc.assert(
      fc.property(fc.array(verdict, { maxLength: 30 }), (verdicts) => {
        const outcomes = verdicts.flatMap((v, index) => (v.kind === 'judged' ? [{ passed: v.passed, index }] : []));
        const second = outcomes.findIndex((o, i) => i > 0 && !o.passed && !outcomes[i - 1]!.passed);
        expect(rollbackIndex(verdicts)).toBe(second === -1 ? -1 : outcomes[second]!.index);
      }),
    );
  });

  it('names the failed gates and their numbers in the rollback reason', () => {
    expect(decideStep(judged(false), 1, 25)).toEqual({
      action: 'rollback',
      failures: 2,
      gates: ['p99Ratio'],
      reason: 'p99Ratio: too slow',
    });
    expect(decideStep(judged(false), 0, 25)).toEqual({
      action: 'hold',
      failures: 1,
      message: 'gates failed once at 25 % (p99Ratio: too slow); another failure rolls back',
    });
  });
});
