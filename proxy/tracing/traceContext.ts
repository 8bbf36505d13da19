// W3C Trace Context (https://www.w3.org/TR/trace-context/) without OpenTelemetry: parsing a `traceparent`,
// and the linked context a shadow copy carries. Pure and cheap, so it costs nothing when tracing is off.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface TraceParent {
  version: string;
  traceId: string;
  parentId: string;
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/** A valid traceparent, or undefined (absent, malformed, version ff, all-zero ids): the spec says ignore it then. */
export function parseTraceparent(value: string | string[] | undefined): TraceParent | undefined {
  if (typeof value !== 'string') return undefined; // repeated headers are invalid (spec 3.2)
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return undefined;
  return { version, traceId, parentId, flags };
}

export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.parentId}-${parent.flags}`;
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** Span ids shadow copies were sent with, per client request (for the request's trace span). */
const shadowCopies = new WeakMap<IncomingMessage, string>();

/**
 * A shadow copy's headers get a linked context: the same trace id and flags, a new span id (the copy is
 * another call in the same trace, not the one legacy answers), and `tracestate` unchanged. No traceparent
 * on the client request ⇒ none on the copy.
 */
export function linkShadowCopy(req: IncomingMessage, headers: Record<string, string | string[] | undefined>): void {
  const parent = parseTraceparent(req.headers.traceparent);
  if (!parent) return;
  const spanId = newSpanId();
  headers.traceparent = formatTraceparent({ ...parent, parentId: spanId });
  shadowCopies.set(req, spanId);
}

/** The span id the shadow copy of this request carried, if one was sent. */
export function shadowCopyOf(req: IncomingMessage): string | undefined {
  return shadowCopies.get(req);
}
