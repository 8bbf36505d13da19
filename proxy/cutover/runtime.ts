// Everything cutover automation keeps for one Strangler instance: shadow service and what it learned,
// the ramp evidence, the ramp controller (only on the replica that runs it) and phase changes.
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { AdminContext } from '../admin/adminContext.ts';
import type { LiveConfig } from '../config/live.ts';
import type { HandlerRegistry } from '../forward/handlers.ts';
import type { Recorder } from '../metrics/recorder.ts';
import type { Snapshot } from '../routing/routeTable.ts';
import { systemClock, type Clock } from './clock.ts';
import { EvidenceCollector } from './ramp/evidence.ts';
import { HandlerHost } from '../forward/handlerHost.ts';
import { PhaseChanger } from './phases/phaseChanger.ts';
import { DEFAULT_RETIRE_QUIET_PERIOD_MS, effectivePhase } from './phases/phases.ts';
import { RAMP_ACTOR, RampController } from './ramp/rampController.ts';
import { RampStore, type SharedRampState } from './ramp/rampStore.ts';
import { LeaseRampStore } from './ramp/leaseRampStore.ts';
import type { GateSource } from './ramp/gateEvidence.ts';
import type { FencedStateDocument, RampLeadership } from './ramp/rampLeadership.ts';
import { ShadowBook } from './shadow/shadowBook.ts';
import { ShadowService } from './shadow/shadowService.ts';

/** Enough to count a report window's fallbacks; a route failing more than this is far from ready anyway. */
const KEPT_FALLBACK_TIMES = 10_000;

export interface CutoverOptions {
  live: LiveConfig;
  handlers: HandlerRegistry;
  recorder: Recorder;
  logger: Logger;
  /** The admin control plane; without it (a cluster worker) only shadow, fallback and evidence run here. */
  control?: AdminContext;
  /** Only the one replica started with this runs ramps; the others follow the weights via routes.yaml. */
  rampController: boolean;
  clock?: Clock;
  quietPeriodMs?: number;
  /** The ramp controller's state file (`<config>.ramp.json` from the CLI); omitted ⇒ ramp state in memory only. */
  rampStateFile?: string;
  /** The shared Postgres store keeps the ramp state instead of the file. */
  rampStateStore?: SharedRampState;
  /**
   * On the shared store with --ramp-controller: the lease that elects one controller among the candidates,
   * the document its state is kept in (under the term's fence) and how to catch up with the stored table
   * before taking over. Wins over rampStateStore.
   */
  rampLease?: { leadership: RampLeadership; document: FencedStateDocument; catchUp?: () => Promise<void> };
  /** What `gates.source: proxy` judges; default: this process's own evidence (statsGateSource.ts on the shared store). */
  rampGateSource?: GateSource;
  /** Where evidence goes; a cluster worker relays it to the primary's ramp controller. */
  evidence?: EvidenceCollector;
}

export class CutoverRuntime {
  readonly book = new ShadowBook();
  readonly evidence: EvidenceCollector;
  readonly shadow: ShadowService;
  readonly phases: PhaseChanger | undefined;
  readonly ramps: RampController | undefined;
  readonly clock: Clock;
  readonly quietPeriodMs: number;
  private readonly host: HandlerHost;
  private readonly fellBack = new WeakSet<IncomingMessage>();
  /** Wall-clock times of recent fallbacks per route, newest last (bounded). */
  private readonly fallbackTimes = new Map<string, number[]>();
  private readonly stopPublishing: () => void;

  constructor(readonly options: CutoverOptions) {
    const { live, recorder, logger, control } = options;
    this.clock = options.clock ?? systemClock;
    this.evidence = options.evidence ?? new EvidenceCollector();
    this.quietPeriodMs = options.quietPeriodMs ?? DEFAULT_RETIRE_QUIET_PERIOD_MS;
    this.host = new HandlerHost(options.handlers);
    this.shadow = new ShadowService({
      book: this.book,
      host: this.host,
      logger,
      onInternalError: () => recorder.internalError('shadow'),
      onResult: (routeId, result) => {
        recorder.shadowComparison(routeId, result);
        this.evidence.recordShadow(routeId, result);
      },
    });
    this.phases = control
      ? new PhaseChanger({ editor: control.editor, now: () => this.clock.now(), quietPeriodMs: this.quietPeriodMs })
      : undefined;
    this.ramps =
      control && this.phases && options.rampController ? this.rampControllerFor(control, this.phases) : undefined;
    const publish = (snapshot: Snapshot) =>
      recorder.phasesApplied(snapshot.routes.map((r) => ({ id: r.id, phase: effectivePhase(r.config) })));
    publish(live.current());
    this.stopPublishing = live.onSwap(publish);
  }

  private rampControllerFor(control: AdminContext, phases: PhaseChanger): RampController {
    const { live, recorder, logger, rampLease: lease } = this.options;
    return new RampController({
      live,
      evidence: this.evidence,
      clock: this.clock,
      phases,
      recorder,
      logger,
      store: lease
        ? new LeaseRampStore({
            document: lease.document,
            leadership: lease.leadership,
            logger,
            now: () => this.clock.now(),
          })
        : new RampStore({
            file: this.options.rampStateFile,
            shared: this.options.rampStateStore,
            logger,
            now: () => this.clock.now(),
          }),
      leadership: lease?.leadership,
      proxySource: this.options.rampGateSource,
      catchUp: lease?.catchUp,
      // The admin API's change path: validated, persisted, audited; on the shared store fenced by the lease term.
      setWeight: async (routeId, weight, reason, action, fence) => {
        const result = await control.weights.change({ routeId, weight, reason, action, actor: RAMP_ACTOR, fence });
        return result.ok ? { ok: true } : { ok: false, message: result.message };
      },
    });
  }

  /** New failed and legacy answers: counted as a failed request of new, not as a legacy request. */
  noteFallback(req: IncomingMessage, routeId: string, durationMs: number): void {
    this.fellBack.add(req);
    const times = this.fallbackTimes.get(routeId) ?? [];
    times.push(Date.now());
    if (times.length > KEPT_FALLBACK_TIMES) times.shift();
    this.fallbackTimes.set(routeId, times);
    this.evidence.recordFallback(routeId, durationMs);
  }

  /** Fallbacks of a route at or after `fromMs` (wall clock), as far back as the kept times reach. */
  fallbacksSince(routeId: string, fromMs: number): number {
    return (this.fallbackTimes.get(routeId) ?? []).filter((time) => time >= fromMs).length;
  }

  isFallback(req: IncomingMessage): boolean {
    return this.fellBack.has(req);
  }

  async close(): Promise<void> {
    await this.ramps?.close();
    this.stopPublishing();
    await this.host.close();
  }
}
