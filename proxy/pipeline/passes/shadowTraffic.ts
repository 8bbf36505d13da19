// Copies legacy-served requests of routes in phase shadow (or canary with shadow.duringCanary) to new and
// compares the answers in the background; see cutover/shadow/shadowService.ts for the budget and write safety.
import type { Pass, PipelineDeps } from '../context.ts';

/** A pass that does nothing when the instance runs without cutover automation. */
export function shadowTraffic(deps: PipelineDeps): Pass {
  const cutover = deps.cutover;
  if (!cutover) return () => {};
  return (req, res, ctx) => {
    if (!ctx.route || ctx.backend !== 'legacy') return;
    try {
      cutover.shadow.maybeShadow(req, res, ctx.route, ctx.requestId);
    } catch (cause) {
      // The copy is the proxy's own business: the client's request goes on to legacy untouched.
      deps.recorder.internalError('shadow');
      deps.logger.error(
        { requestId: ctx.requestId, route: ctx.routeId, err: cause },
        'shadow copy failed inside the proxy',
      );
    }
  };
}
