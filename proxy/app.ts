// Builds the proxy's request listener and server from its parts. No I/O at import time: main.ts and the
// tests call these with their own config, handlers, registry and logger.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createClientErrorListener } from './clientErrors.ts';
import type { LiveConfig } from './config/live.ts';
import { createAdmission } from './forward/admission.ts';
import type { Forwarder } from './forward/forwardTypes.ts';
import { createHttpForwarder } from './forward/httpForwarder.ts';
import { ScopedIncomingMessage } from './forward/scopedIncomingMessage.ts';
import { newRequestContext, type Pass, type PipelineDeps } from './pipeline/context.ts';
import { assignRequestId } from './pipeline/passes/assignRequestId.ts';
import { dropShadowMarker } from './pipeline/passes/dropShadowMarker.ts';
import { fallbackToLegacy } from './pipeline/passes/fallbackToLegacy.ts';
import { forwardedHeaders } from './pipeline/passes/forwardedHeaders.ts';
import { forwardRequest } from './pipeline/passes/forwardRequest.ts';
import { limitHeaderCount, MAX_REQUEST_HEADER_FIELDS } from './pipeline/passes/limitHeaderCount.ts';
import { recordOutcome } from './pipeline/passes/recordOutcome.ts';
import { normalizeRequestPath } from './pipeline/passes/normalizeRequestPath.ts';
import { rejectDuplicateHost } from './pipeline/passes/rejectDuplicateHost.ts';
import { rejectUnservableRequest } from './pipeline/passes/rejectUnservableRequest.ts';
import { selectBackend } from './pipeline/passes/selectBackend.ts';
import { shadowTraffic } from './pipeline/passes/shadowTraffic.ts';
import { stripHopByHop } from './pipeline/passes/stripHopByHop.ts';
import { traceRequest } from './pipeline/passes/traceRequest.ts';
import { serveInTurn } from './pipeline/serveInTurn.ts';
import { SlotList, type Slotted } from './forward/slotList.ts';
import { createUpgradeListener, type UpgradeListener } from './pipeline/upgrade.ts';

/** Larger header blocks get 431 REQUEST_HEADERS_TOO_LARGE (clientErrors.ts) before any pass runs. */
export const MAX_REQUEST_HEADER_BYTES = 16 * 1024;

export interface ProxyOptions extends PipelineDeps {
  live: LiveConfig;
  forwarder?: Forwarder;
}

export interface ProxyListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Drain: every response not yet started, and every later one, carries `Connection: close`. */
  closeAfterCurrent(): void;
  close(): void;
}

/**
 * Every pass, in order; each is a small file under pipeline/passes. `opening` passes run as soon as a
 * request arrives (they may answer it themselves), WebSocket upgrades included; `forwarding` passes send it
 * to a backend and run in the connection's turn (serveInTurn.ts), so a pipelining client has one request in
 * flight at a time. shadowTraffic and fallbackToLegacy do nothing without a cutover runtime.
 */
export function buildPasses(deps: PipelineDeps, forwarder: Forwarder): PassList {
  return {
    opening: [
      assignRequestId,
      recordOutcome(deps),
      ...(deps.tracer ? [traceRequest(deps, deps.tracer)] : []),
      rejectUnservableRequest,
      normalizeRequestPath,
      selectBackend,
      limitHeaderCount,
      rejectDuplicateHost,
      stripHopByHop,
      dropShadowMarker,
      forwardedHeaders,
    ],
    forwarding: [shadowTraffic(deps), fallbackToLegacy(deps, forwarder), forwardRequest(deps, forwarder)],
  };
}

export interface PassList {
  opening: Pass[];
  forwarding: Pass[];
}

function defaultForwarder(options: ProxyOptions): Forwarder {
  const timeouts = options.live.current().config.timeouts;
  // One admission pool set per process: client requests, fallback retries and shadow copies share its limits.
  const admission = createAdmission();
  admission.configure(options.live.current());
  const stopConfiguring = options.live.onSwap((snapshot) => admission.configure(snapshot));
  options.recorder.watchAdmission(admission.load);
  options.cutover?.shadow.limitWith?.(admission);
  const forwarder = createHttpForwarder({
    idleMs: timeouts.upstreamIdleMs,
    connectTimeoutMs: timeouts.upstreamConnectMs,
    admission,
  });
  return {
    ...forwarder,
    close: () => {
      stopConfiguring();
      forwarder.close();
    },
  };
}

interface InFlightResponse extends Slotted {
  res: ServerResponse;
}

export function createProxyListener(
  options: ProxyOptions,
  forwarder: Forwarder = options.forwarder ?? defaultForwarder(options),
  { opening, forwarding }: PassList = buildPasses(options, forwarder),
): ProxyListener {
  // Responses in flight, so a drain can mark those whose head has not gone out yet (a SlotList, not a Set:
  // forward/slotList.ts says why).
  const inFlight = new SlotList<InFlightResponse>();
  let closing = false;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.setHeader('connection', 'close');
    else {
      const entry: InFlightResponse = { res, slotIndex: -1 };
      inFlight.add(entry);
      res.once('close', () => inFlight.remove(entry));
    }
    const ctx = newRequestContext(options.live.current());
    for (const pass of opening) if (pass(req, res, ctx) === true) return;
    serveInTurn(req, res, () => {
      for (const pass of forwarding) if (pass(req, res, ctx) === true) return;
    });
  };
  const closeAfterCurrent = () => {
    closing = true;
    inFlight.forEach(({ res }) => {
      if (!res.headersSent) res.setHeader('connection', 'close');
    });
  };
  return Object.assign(listener, { closeAfterCurrent, close: () => forwarder.close() });
}

/**
 * Client-side timeouts come from the config's `timeouts` (read once at start). Node checks header and
 * request deadlines on an interval, so the interval is kept well below them: a slowloris client gets its
 * 408 close to headersMs, not up to 30 s later.
 */
export function createProxyServer(
  options: ProxyOptions,
): http.Server & { proxyListener: ProxyListener; upgrades: UpgradeListener } {
  const timeouts = options.live.current().config.timeouts;
  const forwarder = options.forwarder ?? defaultForwarder(options);
  const passes = buildPasses(options, forwarder);
  const listener = createProxyListener(options, forwarder, passes);
  // Upgrades run the same opening passes, then their own forwarding step (pipeline/upgrade.ts).
  const upgrades = createUpgradeListener(options, passes.opening);
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(timeouts.headersMs / 4)),
      maxHeaderSize: MAX_REQUEST_HEADER_BYTES,
      // A missing Host is refused by rejectUnservableRequest, with the error table's answer.
      requireHostHeader: false,
      // In-process handlers get their request's events in their scope (forward/scopedIncomingMessage.ts).
      IncomingMessage: ScopedIncomingMessage,
    },
    listener,
  );
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.maxHeadersCount = MAX_REQUEST_HEADER_FIELDS + 1;
  // Handling Expect: 100-continue ourselves lets legacy (or the handler path) decide on the 100.
  server.on('checkContinue', listener);
  // An Expect other than 100-continue, and CONNECT, reach the passes too (rejectUnservableRequest refuses them).
  server.on('checkExpectation', listener);
  server.on('upgrade', upgrades);
  server.on('connect', upgrades);
  // Requests Node's parser refuses (malformed, header block too large, too slow) get the proxy's JSON error.
  server.on('clientError', createClientErrorListener(options));
  server.on('close', () => listener.close());
  return Object.assign(server, { proxyListener: listener, upgrades });
}
