// The ramp's comparative gates, judged on one interval's evidence: new against legacy in the same
// window, never against fixed thresholds, so a slow day that slows both does not stop a ramp.
import type { RampConfig } from '../../config/types.ts';
import type { IntervalEvidence } from './evidence.ts';
import { summarize, type EvidenceSummary } from './gateEvidence.ts';

export type GateName = 'errorRateDelta' | 'p99Ratio' | 'mismatchRate';

export interface GateResult {
  gate: GateName;
  passed: boolean;
  /** e.g. `error rate new 3.00 % vs legacy 0.00 % (+3.00 pp, max +0.5 pp)` */
  detail: string;
}

export type Verdict = { kind: 'wait'; reason: string } | { kind: 'judged'; passed: boolean; results: GateResult[] };

export function judgeInterval(evidence: IntervalEvidence, gates: RampConfig['gates']): Verdict {
  return judgeSummary(summarize(evidence), gates);
}

/** The same judgement on numbers from any source (gateEvidence.ts). */
export function judgeSummary(evidence: EvidenceSummary, gates: RampConfig['gates']): Verdict {
  const { legacy, new: candidate } = evidence;
  if (legacy.requests < gates.minRequests || candidate.requests < gates.minRequests) {
    return {
      kind: 'wait',
      reason: `waiting for traffic: legacy ${legacy.requests}/${gates.minRequests}, new ${candidate.requests}/${gates.minRequests} requests this interval`,
    };
  }
  const results = [errorRateGate(evidence, gates), p99Gate(evidence, gates), mismatchGate(evidence, gates)];
  return { kind: 'judged', passed: results.every((r) => r.passed), results };
}

function errorRateGate({ legacy, new: candidate }: EvidenceSummary, gates: RampConfig['gates']): GateResult {
  const legacyRate = (legacy.errors / legacy.requests) * 100;
  const newRate = (candidate.errors / candidate.requests) * 100;
  const delta = newRate - legacyRate;
  return {
    gate: 'errorRateDelta',
    passed: delta <= gates.maxErrorRateDelta,
    detail: `error rate new ${newRate.toFixed(2)} % vs legacy ${legacyRate.toFixed(2)} % (${signed(delta)} pp, max +${gates.maxErrorRateDelta} pp)`,
  };
}

function p99Gate({ legacy, new: candidate }: EvidenceSummary, gates: RampConfig['gates']): GateResult {
  const legacyP99 = Math.max(legacy.p99Ms ?? 0, gates.p99FloorMs);
  const newP99 = Math.max(candidate.p99Ms ?? 0, gates.p99FloorMs);
  const ratio = newP99 / Math.max(legacyP99, Number.MIN_VALUE);
  return {
    gate: 'p99Ratio',
    passed: ratio <= gates.maxP99Ratio,
    detail: `p99 new ${newP99.toFixed(1)} ms vs legacy ${legacyP99.toFixed(1)} ms (×${ratio.toFixed(2)}, max ×${gates.maxP99Ratio})`,
  };
}

function mismatchGate({ shadow }: EvidenceSummary, gates: RampConfig['gates']): GateResult {
  const compared = shadow.match + shadow.mismatch;
  if (compared === 0) return { gate: 'mismatchRate', passed: true, detail: 'no shadow comparisons this interval' };
  const rate = (shadow.mismatch / compared) * 100;
  return {
    gate: 'mismatchRate',
    passed: rate <= gates.maxMismatchRate,
    detail: `shadow mismatches ${rate.toFixed(2)} % of ${compared} (max ${gates.maxMismatchRate} %)`,
  };
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
