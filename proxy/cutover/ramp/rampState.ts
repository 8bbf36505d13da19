// The ramp controller's view of one route, as the admin API, the CLI and the report show it.
import type { GateResult } from './gates.ts';

export const RAMP_STATUSES = ['idle', 'running', 'waiting', 'paused', 'completed', 'rolled_back', 'aborted'] as const;
export type RampStatus = (typeof RAMP_STATUSES)[number];

export interface RampEvent {
  at: string;
  event: string;
  message: string;
}

export interface RampState {
  route: string;
  status: RampStatus;
  steps: number[];
  /** Index into steps of the weight now set; -1 before the first step. */
  stepIndex: number;
  weight: number;
  intervalMs: number;
  consecutiveFailures: number;
  /** What the controller is doing or why it stopped, in words. */
  message: string;
  lastGates: GateResult[];
  /** Set when a rollback happened: the failed gates' details. */
  rollbackReason?: string;
  /** A step's weight being written to routes.yaml right now; after a crash, a live weight equal to it was the ramp's own. */
  pendingWeight?: number;
  history: RampEvent[];
}

export const KEPT_RAMP_EVENTS = 30;

export function idleState(route: string): RampState {
  return {
    route,
    status: 'idle',
    steps: [],
    stepIndex: -1,
    weight: 0,
    intervalMs: 0,
    consecutiveFailures: 0,
    message: 'no ramp started',
    lastGates: [],
    history: [],
  };
}

export function addEvent(state: RampState, at: number, event: string, message: string): void {
  state.message = message;
  state.history.push({ at: new Date(at).toISOString(), event, message });
  if (state.history.length > KEPT_RAMP_EVENTS) state.history.shift();
}
