// Decides which legacy-served requests are shadowed and runs them within the route's budget: safe methods
// only unless the route opts in to `shadowWrites: sandbox`; sampled; at most `maxConcurrent` at once; a
// body is copied only up to `maxBodyBytes`. Nothing here can change or delay the client's response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Admission, Release } from '../../forward/admission.ts';
import type { RouteEntry } from '../../routing/routeTable.ts';
import type { HandlerHost } from '../../forward/handlerHost.ts';
import { effectivePhase } from '../phases/phases.ts';
import { tapRequestBody } from './requestTap.ts';
import { tapResponse } from './responseTap.ts';
import { SHADOW_HEADER, SHADOW_READ, SHADOW_SANDBOX } from './shadowHeader.ts';
import { sendCopy, type RequestCopy } from './sendCopy.ts';
import { shownBody, shownDifference, type ShadowBook, type ShadowResult } from './shadowBook.ts';
import { runShadow, type ShadowOutcome } from './shadowRun.ts';
import { linkShadowCopy } from '../../tracing/traceContext.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export interface ShadowServiceDeps {
  book: ShadowBook;
  host: HandlerHost;
  logger: Logger;
  onResult: (routeId: string, result: ShadowResult) => void;
  random?: () => number;
  /** Counts a throw caught in the shadow code (strangler_internal_errors_total{site="shadow"}). */
  onInternalError?: (cause: unknown) => void;
}

export class ShadowService {
  private admission: Admission | undefined;

  constructor(private readonly deps: ShadowServiceDeps) {}

  /** A throw in the shadow code: logged and counted; the client's own request is never affected. */
  private readonly internalError = (cause: unknown): void => {
    this.deps.onInternalError?.(cause);
    this.deps.logger.error({ err: cause }, 'shadow copy failed inside the proxy');
  };

  /**
   * Copies then count against their backend's concurrency limit: a copy takes a slot only when one is free
   * and no client request waits, else it is shed (never queued, never ahead of client traffic).
   */
  limitWith(admission: Admission): void {
    this.admission = admission;
  }

  private slotFor(target: RouteEntry['legacy'] | undefined): Release | undefined {
    if (!this.admission || !target) return () => {};
    return this.admission.tryTake(target.admission);
  }

  /** Starts shadowing this request if its route asks for it. Call before the request is forwarded. */
  maybeShadow(req: IncomingMessage, res: ServerResponse, route: RouteEntry, requestId: string): void {
    const config = route.config.shadow;
    if (!config) return;
    const phase = effectivePhase(route.config);
    if (phase !== 'shadow' && !(phase === 'canary' && config.duringCanary)) return;
    const method = req.method ?? 'GET';
    const safe = SAFE_METHODS.has(method);
    if (!safe && route.config.shadowWrites !== 'sandbox') return;
    if ((this.deps.random ?? Math.random)() >= config.sampleRate) return;

    const state = this.deps.book.route(route.id);
    if (state.inFlight >= config.maxConcurrent) return this.count(route.id, 'shed');
    const body = tapRequestBody(req, config.maxBodyBytes);
    if (body.kind === 'too-large') return this.count(route.id, 'shed');
    const newSlot = this.slotFor(route.newTarget.kind === 'upstream' ? route.newTarget.upstream : undefined);
    if (!newSlot) return this.count(route.id, 'shed');

    state.inFlight++;
    // Calibration sends the request to legacy a second time: only ever for safe methods, and only with a free slot.
    const legacySlot =
      safe && state.calibrationsStarted < config.calibrationSamples ? this.slotFor(route.legacy) : undefined;
    const calibrate = legacySlot !== undefined;
    if (calibrate) state.calibrationsStarted++;
    const legacy = tapResponse(res, config.maxBodyBytes);
    const headers = copyHeaders(req);
    const bodyReady = body.kind === 'pending' ? body.body : Promise.resolve(undefined);
    const copyOf = async (): Promise<RequestCopy | undefined> => {
      const bytes = await bodyReady;
      if (body.kind === 'pending' && bytes === undefined) return undefined;
      return { method, url: req.url ?? '/', headers, body: bytes };
    };
    const aborted = { kind: 'failed' as const, reason: 'the client aborted its request body' };
    const candidate = copyOf().then(async (copy) => {
      if (!copy) return aborted;
      const target =
        route.newTarget.kind === 'handler'
          ? await this.deps.host.target(route.newTarget.name)
          : { base: route.newTarget.upstream.url, headers: {} };
      const shadowHeaders = {
        ...copy.headers,
        ...target.headers,
        [SHADOW_HEADER]: safe ? SHADOW_READ : SHADOW_SANDBOX,
      };
      return sendCopy(
        target.base,
        { ...copy, headers: shadowHeaders },
        config.timeoutMs,
        config.maxBodyBytes,
        this.internalError,
      );
    });
    const legacyAgain = calibrate
      ? copyOf().then((copy) =>
          copy ? sendCopy(route.legacy.url, copy, config.timeoutMs, config.maxBodyBytes, this.internalError) : aborted,
        )
      : undefined;
    candidate.then(newSlot, newSlot);
    if (legacyAgain && legacySlot) legacyAgain.then(legacySlot, legacySlot);

    runShadow({ config, state, legacy, candidate, legacyAgain })
      .catch((error: unknown): ShadowOutcome => ({ result: 'error', reason: String(error) }))
      .then((outcome) => {
        state.inFlight--;
        this.finish(route.id, requestId, method, req.url ?? '/', outcome);
      })
      .catch(this.internalError); // a throw in finish must not be an unhandled rejection (it ends Node 20)
  }

  private count(routeId: string, result: ShadowResult): void {
    this.deps.book.route(routeId).counts[result]++;
    this.deps.onResult(routeId, result);
  }

  private finish(routeId: string, requestId: string, method: string, url: string, outcome: ShadowOutcome): void {
    this.count(routeId, outcome.result);
    if (outcome.result === 'error' || outcome.result === 'shed') {
      this.deps.logger.debug(
        { requestId, route: routeId, result: outcome.result, reason: outcome.reason },
        'shadow comparison not made',
      );
      return;
    }
    if (outcome.result !== 'mismatch') return;
    this.deps.book.addMismatch(routeId, {
      time: new Date().toISOString(),
      requestId,
      method,
      path: url.split('?')[0] ?? '/',
      differences: outcome.comparison.differences.map(shownDifference),
      legacy: { status: outcome.legacy.status, body: shownBody(outcome.comparison.legacyBody) },
      new: { status: outcome.candidate.status, body: shownBody(outcome.comparison.newBody) },
    });
  }
}

/**
 * The client's headers as forwarded, minus framing and compression (copies ask for plain bodies), with a
 * linked trace context (same trace id, a new span id) when the request carries a traceparent.
 */
function copyHeaders(req: IncomingMessage): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = { ...req.headers };
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  delete headers['accept-encoding'];
  linkShadowCopy(req, headers);
  return headers;
}
