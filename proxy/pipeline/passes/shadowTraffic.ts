// Copies legacy-served requests of routes in phase shadow (or canary with shadow.duringCanary) to new and
// compares the answers in the background; see cutover/shadow/shadowService.ts for the budget and write safety.
import type { CutoverHooks, Pass } from '../context.ts';

export function shadowTraffic(cutover: CutoverHooks): Pass {
  return (req, res, ctx) => {
    if (ctx.route && ctx.backend === 'legacy') cutover.shadow.maybeShadow(req, res, ctx.route, ctx.requestId);
  };
}
