// Ramp evidence across node:cluster: workers see the traffic, the primary runs the ramp controller.
// A worker's collector queues every event it is given; the batches ride along with the stats batches
// and the primary replays them into its own collector, so gates judge all workers' traffic — fallbacks
// and shadow results included.
import type { BackendKind } from '../config/types.ts';
import { EvidenceCollector } from '../cutover/ramp/evidence.ts';
import type { ShadowResult } from '../cutover/shadow/shadowBook.ts';

export type EvidenceEvent =
  | [kind: 'request', routeId: string, backend: BackendKind, status: number, durationMs: number]
  | [kind: 'fallback', routeId: string, durationMs: number]
  | [kind: 'shadow', routeId: string, result: ShadowResult];

export class RelayedEvidence extends EvidenceCollector {
  private queued: EvidenceEvent[] = [];

  override recordRequest(routeId: string, backend: BackendKind, status: number, durationMs: number): void {
    this.queued.push(['request', routeId, backend, status, durationMs]);
  }

  override recordFallback(routeId: string, durationMs: number): void {
    this.queued.push(['fallback', routeId, durationMs]);
  }

  override recordShadow(routeId: string, result: ShadowResult): void {
    this.queued.push(['shadow', routeId, result]);
  }

  /** The events since the last call. */
  takeQueued(): EvidenceEvent[] {
    const events = this.queued;
    this.queued = [];
    return events;
  }
}

export function replayEvidence(collector: EvidenceCollector, events: readonly EvidenceEvent[]): void {
  for (const event of events) {
    if (event[0] === 'request') collector.recordRequest(event[1], event[2], event[3], event[4]);
    else if (event[0] === 'fallback') collector.recordFallback(event[1], event[2]);
    else collector.recordShadow(event[1], event[2]);
  }
}
