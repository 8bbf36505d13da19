// Moves a route's weight through its ramp steps by itself: one step per interval while every comparative
// gate passes on that interval's evidence, waiting (and saying so) while either backend lacks traffic,
// and rolling back to 0 at once when gates fail on two intervals in a row. Weight changes go through the
// admin API's change path (persisted, audited), so every replica sees them through routes.yaml. Its own
// state goes to the ramp state file on every change (rampStore.ts); restore() picks a ramp up after a restart.
import type { Logger } from 'pino';
import type { LiveConfig } from '../../config/live.ts';
import type { Recorder } from '../../metrics/recorder.ts';
import { durationMs, type Clock } from '../clock.ts';
import type { EvidenceCollector } from './evidence.ts';
import { LocalGateSource, type GateSource } from './gateEvidence.ts';
import { judgeSummary } from './gates.ts';
import { PrometheusGateSource } from './prometheusGateSource.ts';
import { decideStep } from './rampDecision.ts';
import type { PhaseChanger } from '../phases/phaseChanger.ts';
import { effectivePhase } from '../phases/phases.ts';
import { addEvent, idleState, type RampState } from './rampState.ts';
import { SINGLE_LEADER, type RampLeadership } from './rampLeadership.ts';
import type { RampStore } from './rampStore.ts';
import type { WriteFence } from '../../controlplane/writeFence.ts';

export const RAMP_ACTOR = 'ramp-controller';

export type WeightSetter = (
  routeId: string,
  weight: number,
  reason: string,
  action: string,
  fence?: WriteFence,
) => Promise<{ ok: true } | { ok: false; message: string }>;

/** The ramp file (rampStore.ts) or, on the shared store, the lease's document (leaseRampStore.ts). */
export type RampStatePersistence = Pick<RampStore, 'load' | 'source' | 'save' | 'flush'>;
export type RampCommandResult = { ok: true; state: RampState } | { ok: false; status: number; message: string };

export interface RampControllerDeps {
  live: LiveConfig;
  evidence: EvidenceCollector;
  clock: Clock;
  setWeight: WeightSetter;
  phases: PhaseChanger;
  recorder: Recorder;
  logger: Logger;
  /** Where the states are persisted (a store without a file keeps them in memory). */
  store: RampStatePersistence;
  /** Whether this replica may ramp now (a lease on the shared store); default: always (a single writer). */
  leadership?: RampLeadership;
  /** Brings the live table up to the store's before a new leader resumes the ramps. */
  catchUp?: () => Promise<void>;
  /** What `gates.source: proxy` reads; default: this process's own evidence. */
  proxySource?: GateSource;
}

export class RampController {
  private readonly states = new Map<string, RampState>();
  private readonly timers = new Map<string, unknown>();
  /** When the interval being collected began, per route (the controller's clock). */
  private readonly intervalStart = new Map<string, number>();
  private readonly proxySource: GateSource;
  private readonly prometheusSources = new Map<string, GateSource>();
  private readonly leadership: RampLeadership;
  /** Serializes take-overs and step-downs, so a flapping lease never runs two restores at once. */
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RampControllerDeps) {
    deps.store.source(() => this.all());
    this.proxySource = deps.proxySource ?? new LocalGateSource(deps.evidence);
    this.leadership = deps.leadership ?? SINGLE_LEADER;
    this.leadership.onChange((leading) => {
      this.transition = this.transition
        .then(() => (leading ? this.takeOver() : this.stepDown()))
        .catch((err: unknown) => {
          this.deps.logger.error({ err }, 'ramp controller could not take over');
        });
    });
  }

  /** True while this replica may ramp (always, with a single writer). */
  leading(): boolean {
    return this.leadership.leading();
  }

  /** Resolves once the last lease change (take-over or step-down) has been acted on. */
  settled(): Promise<void> {
    return this.transition;
  }

  /**
   * Picks up the states the previous run saved. Paused, completed, rolled-back and aborted ramps are shown
   * as they were. A running or waiting ramp resumes at the step it had reached, with its failure count and
   * a fresh evidence interval — unless its route, ramp config or canary phase is gone, or its weight was
   * changed while no controller ran: then it is marked aborted with the reason, and the weight is left alone.
   */
  async restore(why: 'restart' | 'takeover' = 'restart'): Promise<void> {
    if (!this.leading()) return; // a candidate: the lease's election calls takeOver()
    for (const state of await this.deps.store.load()) {
      if (state.status === 'idle' || this.states.has(state.route)) continue;
      this.states.set(state.route, state);
      if (state.status === 'running' || state.status === 'waiting') await this.resumeAfterRestart(state, why);
      else this.deps.recorder.rampState(state.route, state.status, state.weight);
    }
  }

  /** Elected: read the table and the ramp state as the last leader left them and go on from its step. */
  private async takeOver(): Promise<void> {
    if (!this.leading()) return;
    this.stopAll();
    await this.deps.catchUp?.();
    await this.restore('takeover');
    this.deps.logger.info(
      { fence: this.leadership.fence(), ramps: this.all().map((s) => `${s.route}:${s.status}@${s.weight}`) },
      'ramp controller took over',
    );
  }

  /** The lease is gone: stop at once; whatever this replica knew is the next leader's to read from the store. */
  private stepDown(): Promise<void> {
    this.stopAll();
    this.deps.logger.warn({ ramps: this.all().map((s) => s.route) }, 'ramp controller lost the lease; stopped ramping');
    return Promise.resolve();
  }

  private stopAll(): void {
    for (const routeId of [...this.timers.keys()]) this.stopTimer(routeId);
    for (const routeId of this.states.keys()) this.deps.evidence.unwatch(routeId);
    this.states.clear();
    this.intervalStart.clear();
  }

  private notLeader(): RampCommandResult {
    return {
      ok: false,
      status: 409,
      message:
        'this replica is a ramp controller candidate but does not hold the lease now — send ramp commands to the leader (GET /admin/ramps shows leading: true there)',
    };
  }

  state(routeId: string): RampState {
    return this.states.get(routeId) ?? idleState(routeId);
  }

  all(): RampState[] {
    return [...this.states.values()];
  }

  async start(routeId: string, actor: string): Promise<RampCommandResult> {
    if (!this.leading()) return this.notLeader();
    const route = this.deps.live.current().byId.get(routeId);
    if (!route) return { ok: false, status: 404, message: `no route "${routeId}"` };
    const ramp = route.config.ramp;
    if (!ramp)
      return {
        ok: false,
        status: 400,
        message: `route "${routeId}" has no ramp — add ramp: { steps: [1, 5, 25, 50, 100], interval: 60s, gates: {...} } to it in routes.yaml`,
      };
    const current = this.states.get(routeId);
    if (current && (current.status === 'running' || current.status === 'waiting'))
      return { ok: false, status: 409, message: `the ramp of "${routeId}" is already ${current.status}` };
    const phase = effectivePhase(route.config);
    if (phase === 'new' || phase === 'retired')
      return {
        ok: false,
        status: 409,
        message: `route "${routeId}" is in phase ${phase}: there is nothing left to ramp`,
      };
    if (phase !== 'canary') {
      const moved = await this.deps.phases.change(
        routeId,
        'canary',
        actor,
        'ramp start',
        undefined,
        this.leadership.fence(),
      );
      if (!moved.ok) return { ok: false, status: moved.status, message: moved.message };
    }
    const nextIndex = ramp.steps.findIndex((step) => step > route.weight);
    const state: RampState = {
      ...idleState(routeId),
      status: 'running',
      steps: [...ramp.steps],
      intervalMs: durationMs(ramp.interval),
      weight: route.weight,
    };
    this.states.set(routeId, state);
    addEvent(state, this.deps.clock.now(), 'start', `started by ${actor}`);
    this.deps.evidence.watch(routeId);
    this.newInterval(routeId);
    await this.moveTo(state, nextIndex === -1 ? ramp.steps.length : nextIndex, 'ramp start');
    return { ok: true, state };
  }

  async pause(routeId: string, actor: string): Promise<RampCommandResult> {
    if (!this.leading()) return this.notLeader();
    const state = this.states.get(routeId);
    if (!state || (state.status !== 'running' && state.status !== 'waiting'))
      return {
        ok: false,
        status: 409,
        message: `the ramp of "${routeId}" is not running (${state?.status ?? 'idle'})`,
      };
    this.stopTimer(routeId);
    state.status = 'paused';
    addEvent(state, this.deps.clock.now(), 'pause', `paused by ${actor} at ${state.weight} %`);
    await this.publish(state);
    return { ok: true, state };
  }

  async resume(routeId: string, actor: string): Promise<RampCommandResult> {
    if (!this.leading()) return this.notLeader();
    const state = this.states.get(routeId);
    if (!state || state.status !== 'paused')
      return { ok: false, status: 409, message: `the ramp of "${routeId}" is not paused (${state?.status ?? 'idle'})` };
    const live = this.deps.live.current().byId.get(routeId)?.weight;
    if (live !== undefined && live !== state.weight) {
      // Someone moved the weight by hand while paused: continue from the step above where it is now.
      state.weight = live;
      state.stepIndex = state.steps.filter((step) => step <= live).length - 1; // steps ascend
    }
    state.status = 'running';
    state.consecutiveFailures = 0;
    addEvent(state, this.deps.clock.now(), 'resume', `resumed by ${actor} at ${state.weight} %`);
    this.deps.evidence.watch(routeId); // a ramp paused before a restart is not watched yet
    this.newInterval(routeId); // judge only what happens from now on
    await this.publish(state);
    this.schedule(state);
    return { ok: true, state };
  }

  async abort(routeId: string, actor: string): Promise<RampCommandResult> {
    if (!this.leading()) return this.notLeader();
    const state = this.states.get(routeId);
    if (!state || ['idle', 'completed', 'rolled_back', 'aborted'].includes(state.status))
      return { ok: false, status: 409, message: `the ramp of "${routeId}" is not active (${state?.status ?? 'idle'})` };
    this.stopTimer(routeId);
    this.deps.evidence.unwatch(routeId);
    if (!(await this.setWeight(state, 0, `ramp aborted by ${actor}`, 'ramp-abort')))
      return { ok: false, status: 409, message: state.message };
    state.status = 'aborted';
    addEvent(state, this.deps.clock.now(), 'abort', `aborted by ${actor}; weight set to 0`);
    await this.publish(state);
    return { ok: true, state };
  }

  /** Stops every timer and waits until the state file holds the last change. */
  async close(): Promise<void> {
    for (const routeId of [...this.timers.keys()]) this.stopTimer(routeId);
    await this.deps.store.flush();
  }

  private async resumeAfterRestart(state: RampState, why: 'restart' | 'takeover'): Promise<void> {
    const route = this.deps.live.current().byId.get(state.route);
    const phase = route ? effectivePhase(route.config) : undefined;
    let problem: string | undefined;
    if (!route) problem = `route "${state.route}" no longer exists`;
    else if (!route.config.ramp) problem = `route "${state.route}" no longer has a ramp in routes.yaml`;
    else if (phase !== 'canary') problem = `route "${state.route}" is in phase ${phase}, not canary`;
    else if (route.weight !== state.weight) {
      if (route.weight === state.pendingWeight) {
        // The previous run wrote this step to routes.yaml and stopped before saving its own state.
        state.weight = route.weight;
        state.stepIndex = state.steps.filter((step) => step <= route.weight).length - 1; // steps ascend
      } else {
        problem = `the weight was changed outside the ramp while no controller ran (${state.weight} → ${route.weight} %)`;
      }
    }
    delete state.pendingWeight;
    const now = this.deps.clock.now();
    const after = why === 'restart' ? 'restart' : `takeover (term ${this.leadership.fence()?.term})`;
    if (problem) {
      if (route) state.weight = route.weight;
      state.status = 'aborted';
      addEvent(
        state,
        now,
        'abort',
        `not resumed after ${after}: ${problem}; aborted, weight left at ${state.weight} %`,
      );
      this.deps.logger.warn({ route: state.route, reason: problem }, `ramp not resumed after ${why}`);
      return this.publish(state);
    }
    state.status = 'running';
    this.deps.evidence.watch(state.route);
    this.newInterval(state.route);
    const step = `step ${state.stepIndex + 1}/${state.steps.length}`;
    addEvent(
      state,
      now,
      `resume-after-${why}`,
      `resumed after ${after} at ${state.weight} % (${step}, ${state.consecutiveFailures} failed interval(s) in a row); evidence from before the ${why} is gone, next judgement in ${state.intervalMs} ms`,
    );
    this.deps.logger.info(
      { route: state.route, weight: state.weight, step: state.stepIndex + 1 },
      `ramp resumed after ${why}`,
    );
    if (state.stepIndex >= state.steps.length - 1) return this.moveTo(state, state.stepIndex, `resumed after ${after}`); // it had reached the last step
    await this.publish(state);
    this.schedule(state);
  }

  /** One interval is over: judge its evidence and act. */
  private async tick(routeId: string): Promise<void> {
    this.timers.delete(routeId);
    const state = this.states.get(routeId);
    const route = this.deps.live.current().byId.get(routeId);
    if (!this.leading() || !state || (state.status !== 'running' && state.status !== 'waiting')) return;
    if (!route?.config.ramp) return this.halt(state, 'paused', 'the route or its ramp config is gone; paused');
    if (route.weight !== state.weight)
      return this.halt(
        state,
        'paused',
        `weight changed outside the ramp (${state.weight} → ${route.weight}); paused — resume to continue from there`,
      );

    const gates = route.config.ramp.gates;
    const now = this.deps.clock.now();
    const gathered = await this.sourceFor(gates).gather({
      routeId,
      gates,
      fromMs: this.intervalStart.get(routeId) ?? now,
      toMs: now,
    });
    // A command (pause, abort) may have come in while the numbers were being read.
    if (
      this.states.get(routeId) !== state ||
      (state.status !== 'running' && state.status !== 'waiting') ||
      this.timers.has(routeId)
    )
      return;
    if (!gathered.ok) {
      // No numbers is no verdict: neither a pass nor a failure; the interval goes on.
      state.status = 'waiting';
      addEvent(
        state,
        this.deps.clock.now(),
        'inconclusive',
        `gates inconclusive, holding at ${state.weight} %: ${gathered.inconclusive}`,
      );
      this.deps.logger.warn({ route: routeId, reason: gathered.inconclusive }, 'ramp gates inconclusive; holding');
      await this.publish(state);
      return this.schedule(state);
    }
    const verdict = judgeSummary(gathered.summary, gates);
    const decision = decideStep(verdict, state.consecutiveFailures, state.weight);
    if (decision.action === 'wait') {
      state.status = 'waiting'; // keep collecting: the same interval goes on until both backends have enough
      addEvent(state, this.deps.clock.now(), 'wait', decision.message);
      await this.publish(state);
      return this.schedule(state);
    }
    this.newInterval(routeId);
    if (verdict.kind === 'judged') state.lastGates = verdict.results;
    state.status = 'running';
    if (decision.action === 'advance') {
      state.consecutiveFailures = 0;
      return this.moveTo(state, state.stepIndex + 1, `gates passed at ${state.weight} %`);
    }
    state.consecutiveFailures = decision.failures;
    if (decision.action === 'hold') {
      addEvent(state, this.deps.clock.now(), 'gate-failed', decision.message);
      await this.publish(state);
      return this.schedule(state);
    }
    this.deps.evidence.unwatch(routeId);
    if (!(await this.setWeight(state, 0, `ramp rollback: ${decision.reason}`, 'ramp-rollback'))) return;
    state.status = 'rolled_back';
    state.rollbackReason = decision.reason;
    for (const gate of decision.gates) this.deps.recorder.rampRollback(routeId, gate);
    addEvent(state, this.deps.clock.now(), 'rollback', `rolled back to 0 %: ${decision.reason}`);
    this.deps.logger.warn({ route: routeId, reason: decision.reason }, 'ramp rolled back');
    await this.publish(state);
  }

  private async moveTo(state: RampState, step: number, why: string): Promise<void> {
    // Past the last step (the weight was already at or above it): the ramp is done where it is.
    const index = Math.min(step, state.steps.length - 1);
    const weight = step < state.steps.length ? state.steps[index]! : state.weight;
    if (weight !== state.weight) {
      state.pendingWeight = weight; // saved first, so a crash between the two writes is recognized on restart
      await this.deps.store.save();
    }
    const ok = await this.setWeight(
      state,
      weight,
      `${why}: step ${index + 1}/${state.steps.length} → ${weight} %`,
      'ramp',
    );
    delete state.pendingWeight;
    if (!ok) return this.publish(state);
    state.stepIndex = index;
    const last = index === state.steps.length - 1;
    if (!last) {
      addEvent(
        state,
        this.deps.clock.now(),
        'step',
        `${why}; now ${weight} %, next judgement in ${state.intervalMs} ms`,
      );
      await this.publish(state);
      return this.schedule(state);
    }
    this.deps.evidence.unwatch(state.route);
    state.status = 'completed';
    // The event goes with the status: a reader during the phase change below sees both or neither.
    addEvent(state, this.deps.clock.now(), 'complete', `${why}; ramp complete at ${weight} %`);
    if (weight === 100 && this.states.get(state.route) === state) {
      const moved = await this.deps.phases.change(
        state.route,
        'new',
        RAMP_ACTOR,
        'ramp completed',
        undefined,
        this.leadership.fence(),
      );
      if (!moved.ok)
        this.deps.logger.warn(
          { route: state.route, reason: moved.message },
          'ramp completed but the phase stayed canary',
        );
    }
    await this.publish(state);
  }

  private async setWeight(state: RampState, weight: number, reason: string, action: string): Promise<boolean> {
    // A tick left over from before a step-down (and maybe a new election) must not write with the new term.
    if (this.states.get(state.route) !== state) return false;
    if (this.deps.live.current().byId.get(state.route)?.weight !== weight) {
      const result = await this.deps.setWeight(state.route, weight, reason, action, this.leadership.fence());
      if (!result.ok) {
        await this.halt(state, 'paused', `could not set weight ${weight}: ${result.message}; paused`);
        return false;
      }
    }
    state.weight = weight;
    return true;
  }

  private halt(state: RampState, status: 'paused', message: string): Promise<void> {
    state.status = status;
    addEvent(state, this.deps.clock.now(), 'halt', message);
    return this.publish(state);
  }

  /** Ends the interval being collected: the next judgement counts from now. */
  private newInterval(routeId: string): void {
    this.deps.evidence.take(routeId);
    this.intervalStart.set(routeId, this.deps.clock.now());
  }

  private sourceFor(gates: { source: string; prometheusUrl?: string }): GateSource {
    if (gates.source !== 'prometheus' || !gates.prometheusUrl) return this.proxySource;
    let source = this.prometheusSources.get(gates.prometheusUrl);
    if (!source) {
      source = new PrometheusGateSource(gates.prometheusUrl);
      this.prometheusSources.set(gates.prometheusUrl, source);
    }
    return source;
  }

  private schedule(state: RampState): void {
    this.stopTimer(state.route);
    this.timers.set(
      state.route,
      this.deps.clock.setTimeout(() => this.tick(state.route), state.intervalMs),
    );
  }

  private stopTimer(routeId: string): void {
    if (this.timers.has(routeId)) this.deps.clock.clearTimeout(this.timers.get(routeId));
    this.timers.delete(routeId);
  }

  /** Metrics and the state file follow every change; resolves once the file holds it. */
  private publish(state: RampState): Promise<void> {
    this.deps.recorder.rampState(state.route, state.status, state.weight);
    return this.deps.store.save();
  }
}
