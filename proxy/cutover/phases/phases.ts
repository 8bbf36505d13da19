// Migration phases and the transitions allowed between them. Pure: used by config validation, the admin
// API, the CLI and the ramp controller, so every path to a phase change enforces the same rules.
import type { Config, MigrationPhase, RouteConfig } from '../../config/types.ts';

/** 24 h in phase `new` without trouble before legacy may be retired. */
export const DEFAULT_RETIRE_QUIET_PERIOD_MS = 24 * 60 * 60 * 1000;

const ALLOWED: Record<MigrationPhase, readonly MigrationPhase[]> = {
  legacy: ['shadow', 'canary'],
  shadow: ['legacy', 'canary'],
  canary: ['legacy', 'shadow', 'new'],
  new: ['canary', 'retired'],
  // Legacy still exists after retiring; going back to `new` turns fallback on again.
  retired: ['new'],
};

/** The weight a phase pins, or null when the phase allows any weight (canary). */
export function pinnedWeight(phase: MigrationPhase): number | null {
  if (phase === 'legacy' || phase === 'shadow') return 0;
  if (phase === 'new' || phase === 'retired') return 100;
  return null;
}

/** A route without `phase` is described by its weight. */
export function effectivePhase(route: Pick<RouteConfig, 'phase' | 'weight'>): MigrationPhase {
  if (route.phase) return route.phase;
  if (route.weight === 0) return 'legacy';
  return route.weight === 100 ? 'new' : 'canary';
}

export function allowedTransitions(from: MigrationPhase): readonly MigrationPhase[] {
  return ALLOWED[from];
}

export interface TransitionContext {
  now: number;
  quietPeriodMs: number;
}

export type TransitionCheck = { ok: true; weight: number } | { ok: false; message: string };

/** Whether `route` may move to `to` now, and the weight it then gets. */
export function checkTransition(
  route: Pick<RouteConfig, 'id' | 'phase' | 'weight' | 'phaseSince'>,
  to: MigrationPhase,
  context: TransitionContext,
): TransitionCheck {
  const from = effectivePhase(route);
  const weight = pinnedWeight(to) ?? route.weight;
  if (from === to) return { ok: true, weight };
  if (!ALLOWED[from].includes(to)) {
    return {
      ok: false,
      message: `route "${route.id}" cannot go from ${from} to ${to} — allowed from ${from}: ${ALLOWED[from].join(', ')}`,
    };
  }
  if (to === 'retired') {
    const since = route.phaseSince ? Date.parse(route.phaseSince) : Number.NaN;
    if (Number.isNaN(since)) {
      return {
        ok: false,
        message: `route "${route.id}" has no phaseSince, so its quiet period in phase new cannot be proven — move it to new through the admin API or CLI and wait ${formatHours(context.quietPeriodMs)}`,
      };
    }
    const waited = context.now - since;
    if (waited < context.quietPeriodMs) {
      return {
        ok: false,
        message: `route "${route.id}" has been in phase new for ${formatHours(waited)}; retiring legacy needs a quiet period of ${formatHours(context.quietPeriodMs)}`,
      };
    }
  }
  return { ok: true, weight };
}

/** Problems with the routes' cutover fields (phase vs weight, ramp steps), for config validation. */
export function cutoverConfigProblems(config: Config): Array<{ at: PropertyKey[]; message: string }> {
  return config.routes.flatMap((route, index) =>
    cutoverRouteProblems(route).map((p) => ({ at: ['routes', index, ...p.at], message: p.message })),
  );
}

/** Config problems for one route's cutover fields, with paths relative to the route. */
export function cutoverRouteProblems(route: RouteConfig): Array<{ at: PropertyKey[]; message: string }> {
  const problems: Array<{ at: PropertyKey[]; message: string }> = [];
  if (route.phase) {
    const pinned = pinnedWeight(route.phase);
    if (pinned !== null && route.weight !== pinned) {
      problems.push({
        at: ['weight'],
        message: `${route.weight} does not fit phase ${route.phase}, which needs weight ${pinned} — set weight: ${pinned} or phase: canary`,
      });
    }
  }
  const steps = route.ramp?.steps ?? [];
  steps.forEach((step, i) => {
    if (i > 0 && step <= steps[i - 1]!)
      problems.push({
        at: ['ramp', 'steps', i],
        message: `${step} is not above the step before it (${steps[i - 1]}) — steps must ascend`,
      });
  });
  return problems;
}

function formatHours(ms: number): string {
  return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
}
