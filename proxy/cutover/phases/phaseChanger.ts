// Moves a route to another migration phase through the one route-edit path: checks the transition rules,
// pins the phase's weight, stamps phaseSince; the edit validates, writes (only those values' bytes change in
// routes.yaml) and audits it.
import type { RouteEditor } from '../../controlplane/routeEdit.ts';
import type { WriteFence } from '../../controlplane/writeFence.ts';
import type { MigrationPhase } from '../../config/types.ts';
import { checkTransition, effectivePhase } from './phases.ts';

export interface PhaseChangerDeps {
  editor: RouteEditor;
  now: () => number;
  quietPeriodMs: number;
}

export type PhaseChangeResult =
  | { ok: true; route: string; from: MigrationPhase; to: MigrationPhase; weight: number }
  | { ok: false; status: number; code: string; message: string };

export class PhaseChanger {
  constructor(private readonly deps: PhaseChangerDeps) {}

  async change(
    routeId: string,
    to: MigrationPhase,
    actor: string,
    reason: string,
    ifMatch?: string,
    fence?: WriteFence,
  ): Promise<PhaseChangeResult> {
    let from: MigrationPhase = to;
    const result = await this.deps.editor.edit({
      routeId,
      actor,
      reason,
      ifMatch,
      fence,
      plan: (route) => {
        from = effectivePhase(route.config);
        const check = checkTransition(route.config, to, {
          now: this.deps.now(),
          quietPeriodMs: this.deps.quietPeriodMs,
        });
        if (!check.ok) return { ok: false, status: 409, code: 'TRANSITION_REFUSED', message: check.message };
        // Already there, stated in the file: nothing to write (a new phaseSince would restart the quiet period).
        if (from === to && route.config.phase === to) return { ok: true, fields: {}, action: `phase:${from}->${to}` };
        const fields = { phase: to, phaseSince: new Date(this.deps.now()).toISOString(), weight: check.weight };
        return { ok: true, fields, action: `phase:${from}->${to}` };
      },
    });
    if (!result.ok) {
      const message = result.problems
        ? `${result.message}: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`
        : result.message;
      return { ok: false, status: result.status, code: result.code, message };
    }
    return { ok: true, route: routeId, from, to, weight: result.after.byId.get(routeId)!.weight };
  }
}
