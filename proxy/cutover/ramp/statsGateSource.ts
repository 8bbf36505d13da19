// `gates.source: proxy` on the shared store: requests, 5xx errors and p99 from the stats window, which
// holds the sum over every replica's 10 s buckets (controlplane/postgres/statsBuckets.ts), so the gates
// and minRequests count all replicas' traffic. Bucket granularity: the window starts at the beginning of
// the 10 s bucket the interval began in. Shadow results come from this replica's own evidence.
import type { StatsWindow } from '../../stats/statsWindow.ts';
import type { BackendKind } from '../../config/types.ts';
import type { EvidenceCollector } from './evidence.ts';
import type { BackendSummary, GateSource, GateWindow, Gathered } from './gateEvidence.ts';

export class StatsWindowGateSource implements GateSource {
  constructor(
    private readonly stats: StatsWindow,
    private readonly evidence: EvidenceCollector,
  ) {}

  gather({ routeId, fromMs, toMs }: GateWindow): Promise<Gathered> {
    const backend = (kind: BackendKind): BackendSummary => {
      const summary = this.stats.summary(routeId, kind, fromMs, toMs + 1);
      return { requests: summary.requests, errors: summary.errors, p99Ms: summary.p99Ms };
    };
    return Promise.resolve({
      ok: true,
      summary: { legacy: backend('legacy'), new: backend('new'), shadow: { ...this.evidence.peek(routeId).shadow } },
    });
  }
}
