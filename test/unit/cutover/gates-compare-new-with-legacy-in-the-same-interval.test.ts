import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RampSchema } from '../../../proxy/config/types.ts';
import type { IntervalEvidence } from '../../../proxy/cutover/ramp/evidence.ts';
import { judgeInterval } from '../../../proxy/cutover/ramp/gates.ts';

const gates = (overrides: Record<string, number> = {}) =>
  RampSchema.parse({ gates: { minRequests: 3, p99FloorMs: 0, ...overrides } }).gates;
const evidence = (
  legacy: number[],
  candidate: number[],
  errors = { legacy: 0, new: 0 },
  shadow = { match: 0, mismatch: 0 },
): IntervalEvidence => ({
  legacy: { requests: legacy.length, errors: errors.legacy, latenciesMs: legacy },
  new: { requests: candidate.length, errors: errors.new, latenciesMs: candidate },
  shadow: { ...shadow, error: 0, shed: 0 },
  fallbacks: 0,
});

describe('comparative ramp gates', () => {
  it('waits, saying how much traffic each backend still lacks', () => {
    expect(judgeInterval(evidence([1, 1, 1], [1]), gates())).toEqual({
      kind: 'wait',
      reason: 'waiting for traffic: legacy 3/3, new 1/3 requests this interval',
    });
  });

  it('fails the error gate on new − legacy, not on new alone', () => {
    const ten = Array.from({ length: 100 }, () => 5);
    const bothBad = judgeInterval(evidence(ten, ten, { legacy: 10, new: 10 }), gates());
    const newWorse = judgeInterval(evidence(ten, ten, { legacy: 10, new: 13 }), gates());
    expect(bothBad).toMatchObject({ kind: 'judged', passed: true });
    expect(newWorse).toMatchObject({ kind: 'judged', passed: false });
    expect(newWorse.kind === 'judged' && newWorse.results[0]).toEqual({
      gate: 'errorRateDelta',
      passed: false,
      detail: 'error rate new 13.00 % vs legacy 10.00 % (+3.00 pp, max +0.5 pp)',
    });
  });

  it('gives the same p99 verdict when a slow day slows both backends alike', () => {
    const latencies = fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 3, maxLength: 50 });
    fc.assert(
      fc.property(latencies, latencies, fc.integer({ min: 2, max: 10 }), (legacy, candidate, factor) => {
        const normal = judgeInterval(evidence(legacy, candidate), gates());
        const slowDay = judgeInterval(
          evidence(
            legacy.map((ms) => ms * factor),
            candidate.map((ms) => ms * factor),
          ),
          gates(),
        );
        expect(slowDay.kind === 'judged' && slowDay.results[1]!.passed).toBe(
          normal.kind === 'judged' && normal.results[1]!.passed,
        );
      }),
    );
  });

  it('judges the mismatch rate only when there were shadow comparisons', () => {
    const ok = [1, 1, 1];
    expect(judgeInterval(evidence(ok, ok), gates())).toMatchObject({ kind: 'judged', passed: true });
    const mismatching = judgeInterval(evidence(ok, ok, undefined, { match: 998, mismatch: 2 }), gates());
    expect(mismatching.kind === 'judged' && mismatching.results[2]).toEqual({
      gate: 'mismatchRate',
      passed: false,
      detail: 'shadow mismatches 0.20 % of 1000 (max 0.1 %)',
    });
  });
});
