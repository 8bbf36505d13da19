// The passes cutover automation adds in front of forwardRequest, in order: ramp evidence, shadow copies,
// fallback to legacy. Empty when the instance runs without a cutover runtime.
import type { Forwarder } from '../forward/legacy.ts';
import type { Pass, PipelineDeps } from '../pipeline/context.ts';
import { fallbackToLegacy } from '../pipeline/passes/fallbackToLegacy.ts';
import { shadowTraffic } from '../pipeline/passes/shadowTraffic.ts';

export function cutoverPasses(deps: PipelineDeps, forwarder: Forwarder): Pass[] {
  const cutover = deps.cutover;
  if (!cutover) return [];
  const recordEvidence: Pass = (req, res, ctx) => {
    if (!ctx.route) return;
    res.once('close', () => {
      if (cutover.isFallback(req)) return;
      cutover.evidence.recordRequest(ctx.routeId, ctx.backend, res.writableFinished ? res.statusCode : 499, performance.now() - ctx.startedAt);
    });
  };
  return [recordEvidence, shadowTraffic(cutover), fallbackToLegacy(deps, forwarder, cutover)];
}
