// Everything cutover automation keeps for one Strangler instance: shadow service and what it learned,
// the ramp evidence, the ramp controller (only on the replica that runs it) and phase changes.
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { AdminContext } from '../admin/adminContext.ts';
import type { LiveConfig } from '../config/live.ts';
import type { ConfigReloader } from '../config/reload.ts';
import type { HandlerRegistry } from '../forward/handlers.ts';
import type { Recorder } from '../metrics/recorder.ts';
import type { Snapshot } from '../routing/routeTable.ts';
import { systemClock, type Clock } from './clock.ts';
import { EvidenceCollector } from './evidence.ts';
import { HandlerHost } from './handlerHost.ts';
import { PhaseChanger } from './phaseChanger.ts';
import { DEFAULT_RETIRE_QUIET_PERIOD_MS, effectivePhase } from './phases.ts';
import { RAMP_ACTOR, RampController } from './rampController.ts';
import { ShadowBook } from './shadowBook.ts';
import { ShadowService } from './shadowService.ts';

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
  configFile?: string;
  reloader?: ConfigReloader;
}

export class CutoverRuntime {
  readonly book = new ShadowBook();
  readonly evidence = new EvidenceCollector();
  readonly shadow: ShadowService;
  readonly phases: PhaseChanger | undefined;
  readonly ramps: RampController | undefined;
  readonly clock: Clock;
  readonly quietPeriodMs: number;
  private readonly host: HandlerHost;
  private readonly fellBack = new WeakSet<IncomingMessage>();
  private readonly fallbackCounts = new Map<string, number>();
  private readonly stopPublishing: () => void;

  constructor(readonly options: CutoverOptions) {
    const { live, recorder, logger, control } = options;
    this.clock = options.clock ?? systemClock;
    this.quietPeriodMs = options.quietPeriodMs ?? DEFAULT_RETIRE_QUIET_PERIOD_MS;
    this.host = new HandlerHost(options.handlers);
    this.shadow = new ShadowService({
      book: this.book,
      host: this.host,
      logger,
      onResult: (routeId, result) => {
        recorder.shadowComparison(routeId, result);
        this.evidence.recordShadow(routeId, result);
      },
    });
    this.phases = control
      ? new PhaseChanger({
          live,
          context: { handlerNames: options.handlers.names },
          audit: control.audit,
          now: () => this.clock.now(),
          quietPeriodMs: this.quietPeriodMs,
          configFile: options.configFile,
          reloader: options.reloader,
        })
      : undefined;
    this.ramps = control && this.phases && options.rampController ? this.rampControllerFor(control, this.phases) : undefined;
    const publish = (snapshot: Snapshot) => recorder.phasesApplied(snapshot.routes.map((r) => ({ id: r.id, phase: effectivePhase(r.config) })));
    publish(live.current());
    this.stopPublishing = live.onSwap(publish);
  }

  private rampControllerFor(control: AdminContext, phases: PhaseChanger): RampController {
    const { live, recorder, logger } = this.options;
    return new RampController({
      live,
      evidence: this.evidence,
      clock: this.clock,
      phases,
      recorder,
      logger,
      // The admin API's change path: validated, persisted to routes.yaml, audited.
      setWeight: async (routeId, weight, reason, action) => {
        const result = await control.weights.change({ routeId, weight, reason, action, actor: RAMP_ACTOR });
        return result.ok ? { ok: true } : { ok: false, message: result.message };
      },
    });
  }

  /** New failed and legacy answers: counted as a failed request of new, not as a legacy request. */
  noteFallback(req: IncomingMessage, routeId: string, durationMs: number): void {
    this.fellBack.add(req);
    this.fallbackCounts.set(routeId, this.fallbacks(routeId) + 1);
    this.evidence.recordFallback(routeId, durationMs);
  }

  /** Fallbacks of a route since this replica started. */
  fallbacks(routeId: string): number {
    return this.fallbackCounts.get(routeId) ?? 0;
  }

  isFallback(req: IncomingMessage): boolean {
    return this.fellBack.has(req);
  }

  async close(): Promise<void> {
    this.ramps?.close();
    this.stopPublishing();
    await this.host.close();
  }
}
