// What shadowing has learned and seen per route: result counts, noisy fields found by calibration, and
// the last mismatches (bodies truncated, no request headers, sensitive header values redacted).
import type { Difference } from './jsonDiff.ts';

export const SHADOW_RESULTS = ['match', 'mismatch', 'error', 'shed'] as const;
export type ShadowResult = (typeof SHADOW_RESULTS)[number];

export const KEPT_MISMATCHES = 50;
export const SHOWN_BODY_BYTES = 2_048;
const SHOWN_VALUE_CHARS = 200;
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

export interface MismatchRecord {
  time: string;
  requestId: string;
  method: string;
  /** Path only: the query may carry tokens. */
  path: string;
  differences: Array<{ path: string; kind: Difference['kind']; legacy?: string; new?: string }>;
  legacy: { status: number; body: string };
  new: { status: number; body: string };
}

export interface RouteShadowState {
  counts: Record<ShadowResult, number>;
  /** Generalized JSON paths (`$.items[*].at`) that differed between two legacy answers. */
  noisyPaths: Set<string>;
  noisyHeaders: Set<string>;
  calibrationsStarted: number;
  inFlight: number;
  mismatches: MismatchRecord[];
}

export class ShadowBook {
  private readonly routes = new Map<string, RouteShadowState>();

  route(routeId: string): RouteShadowState {
    let state = this.routes.get(routeId);
    if (!state) {
      state = {
        counts: { match: 0, mismatch: 0, error: 0, shed: 0 },
        noisyPaths: new Set(),
        noisyHeaders: new Set(),
        calibrationsStarted: 0,
        inFlight: 0,
        mismatches: [],
      };
      this.routes.set(routeId, state);
    }
    return state;
  }

  has(routeId: string): boolean {
    return this.routes.has(routeId);
  }

  addMismatch(routeId: string, record: MismatchRecord): void {
    const list = this.route(routeId).mismatches;
    list.push(record);
    if (list.length > KEPT_MISMATCHES) list.shift();
  }
}

/** Share of comparisons that matched (errors and shed ones are not comparisons); null when none. */
export function matchRate(counts: Record<ShadowResult, number>): number | null {
  const compared = counts.match + counts.mismatch;
  return compared === 0 ? null : counts.match / compared;
}

export function shownDifference(difference: Difference): MismatchRecord['differences'][number] {
  const sensitive = difference.path.startsWith('header:') && SENSITIVE_HEADERS.has(difference.path.slice(7));
  const show = (value: unknown) =>
    sensitive ? '[redacted]' : truncate(value === undefined ? 'undefined' : JSON.stringify(value), SHOWN_VALUE_CHARS);
  return {
    path: difference.path,
    kind: difference.kind,
    ...('legacy' in difference ? { legacy: show(difference.legacy) } : {}),
    ...('new' in difference ? { new: show(difference.new) } : {}),
  };
}

export function shownBody(body: Buffer): string {
  if (body.length <= SHOWN_BODY_BYTES) return body.toString('utf8');
  return `${body.subarray(0, SHOWN_BODY_BYTES).toString('utf8')}… (${body.length} bytes, truncated)`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
