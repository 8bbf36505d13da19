import { describe, expect, it } from 'vitest';
import { checkTransition, cutoverRouteProblems, effectivePhase } from '../../../proxy/cutover/phases/phases.ts';
import { RouteSchema } from '../../../proxy/config/types.ts';

const HOUR = 3_600_000;
const context = { now: Date.parse('2026-01-02T00:00:00Z'), quietPeriodMs: 24 * HOUR };
const route = (fields: Record<string, unknown>) =>
  RouteSchema.parse({ id: 'orders', match: { path: '/orders' }, new: { handler: 'h' }, weight: 0, ...fields });

describe('migration phase transitions', () => {
  it('derives the phase from the weight when none is set', () => {
    expect([0, 30, 100].map((weight) => effectivePhase(route({ weight })))).toEqual(['legacy', 'canary', 'new']);
  });

  it('pins the weight of the phase it moves to', () => {
    expect(checkTransition(route({ phase: 'legacy' }), 'shadow', context)).toEqual({ ok: true, weight: 0 });
    expect(checkTransition(route({ phase: 'canary', weight: 100 }), 'new', context)).toEqual({ ok: true, weight: 100 });
    expect(checkTransition(route({ phase: 'shadow' }), 'canary', context)).toEqual({ ok: true, weight: 0 });
  });

  it('refuses a jump that skips phases, listing what is allowed', () => {
    const check = checkTransition(route({ phase: 'shadow' }), 'new', context);
    expect(check).toEqual({
      ok: false,
      message: 'route "orders" cannot go from shadow to new — allowed from shadow: legacy, canary',
    });
  });

  it('retires legacy only after the quiet period in phase new', () => {
    const recent = route({ phase: 'new', weight: 100, phaseSince: '2026-01-01T12:00:00Z' });
    const quiet = route({ phase: 'new', weight: 100, phaseSince: '2025-12-31T23:00:00Z' });
    const check = checkTransition(recent, 'retired', context);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(/in phase new for 12 h; retiring legacy needs a quiet period of 24 h/);
    expect(checkTransition(quiet, 'retired', context)).toEqual({ ok: true, weight: 100 });
    expect(checkTransition(route({ phase: 'canary', weight: 100 }), 'retired', context).ok).toBe(false);
  });

  it('reports a weight that does not fit the phase and descending ramp steps', () => {
    const problems = cutoverRouteProblems(route({ phase: 'shadow', weight: 5, ramp: { steps: [5, 1, 100] } }));
    expect(problems).toEqual([
      { at: ['weight'], message: '5 does not fit phase shadow, which needs weight 0 — set weight: 0 or phase: canary' },
      { at: ['ramp', 'steps', 1], message: '1 is not above the step before it (5) — steps must ascend' },
    ]);
  });
});
