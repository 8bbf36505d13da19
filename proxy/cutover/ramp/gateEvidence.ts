// What the gates judge, whatever counted it: per backend the requests, 5xx errors and p99 of one interval,
// and the shadow results. The controller's own evidence, Prometheus and the store's stats buckets each
// produce one; a source that cannot say (no data, unreachable) answers inconclusive and the ramp holds.
import type { RampConfig } from '../../config/types.ts';
import type { ShadowResult } from '../shadow/shadowBook.ts';
import { percentile, type EvidenceCollector, type IntervalEvidence } from './evidence.ts';

export interface BackendSummary {
  requests: number;
  errors: number;
  /** null when there is no latency to speak of (no requests). */
  p99Ms: number | null;
}

export interface EvidenceSummary {
  legacy: BackendSummary;
  new: BackendSummary;
  shadow: Record<ShadowResult, number>;
}

export type Gathered = { ok: true; summary: EvidenceSummary } | { ok: false; inconclusive: string };

export interface GateWindow {
  routeId: string;
  gates: RampConfig['gates'];
  /** Start of the interval being judged (the controller's clock, epoch ms) and now. */
  fromMs: number;
  toMs: number;
}

/** Reads one interval's numbers for a route. */
export interface GateSource {
  gather(window: GateWindow): Promise<Gathered>;
}

export function summarize(evidence: IntervalEvidence): EvidenceSummary {
  const backend = ({ requests, errors, latenciesMs }: IntervalEvidence['legacy']): BackendSummary => ({
    requests,
    errors,
    p99Ms: percentile(latenciesMs, 0.99),
  });
  return { legacy: backend(evidence.legacy), new: backend(evidence.new), shadow: { ...evidence.shadow } };
}

/** This process's own evidence (with --workers, relayed from every worker): today's single-replica gates. */
export class LocalGateSource implements GateSource {
  constructor(private readonly evidence: EvidenceCollector) {}

  gather({ routeId }: GateWindow): Promise<Gathered> {
    return Promise.resolve({ ok: true, summary: summarize(this.evidence.peek(routeId)) });
  }
}
