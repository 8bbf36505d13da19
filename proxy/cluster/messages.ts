// The IPC protocol between the cluster primary and its proxy workers. The primary owns the config (admin
// API, file watch, SIGHUP) and pushes every applied snapshot's config to every worker; workers report
// metrics on request and request outcomes for the admin stats window in batches.
import type { BackendKind, Config } from '../config/types.ts';
import type { MetricsSnapshot } from '../metrics/aggregate.ts';
import type { HandlerHostAddress } from '../forward/handlerHost.ts';
import type { EvidenceEvent } from './relayedEvidence.ts';

export type StatsRecord = [routeId: string, backend: BackendKind, status: number, durationMs: number];
/** A request no route matched, for the primary's discover table. */
export type UnmatchedRecord = [method: string, path: string, status: number, durationMs: number];

export type ToWorker =
  /**
   * The answer to hello: the config to start with and where the handlers are: hosted by the primary
   * (handlerHost) or, on a Postgres services store, run by the worker itself (ownHandlers).
   */
  | {
      type: 'strangler:start';
      config: Config;
      handlerHost: HandlerHostAddress | undefined;
      ownHandlers?: boolean;
      storeVersion?: string;
    }
  /** storeVersion: the Postgres store version the config came from (undefined on routes.yaml). */
  | { type: 'strangler:config'; config: Config; storeVersion?: string }
  | { type: 'strangler:metrics-request'; id: number }
  | { type: 'strangler:drain'; timeoutMs: number };

export type ToPrimary =
  | { type: 'strangler:hello' }
  | { type: 'strangler:listening'; url: string }
  /** The worker could not listen (port in use, bad host); `message` names the cause and the key to change. */
  | { type: 'strangler:listen-failed'; message: string }
  | { type: 'strangler:metrics'; id: number; metrics: MetricsSnapshot }
  | { type: 'strangler:stats'; records: StatsRecord[]; unmatched: UnmatchedRecord[]; evidence: EvidenceEvent[] };

export function isMessage<T extends { type: string }>(value: unknown): value is T {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    (value as { type: string }).type.startsWith('strangler:')
  );
}
