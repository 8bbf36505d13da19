// The passes cutover automation adds in front of forwardRequest, in order: shadow copies, fallback to
// legacy. Empty when the instance runs without a cutover runtime. Ramp evidence is recorded by recordOutcome's
// close listener (one listener per request for every outcome record).
import type { Forwarder } from '../forward/httpForwarder.ts';
import type { Pass, PipelineDeps } from '../pipeline/context.ts';
import { fallbackToLegacy } from '../pipeline/passes/fallbackToLegacy.ts';
import { shadowTraffic } from '../pipeline/passes/shadowTraffic.ts';

export function cutoverPasses(deps: PipelineDeps, forwarder: Forwarder): Pass[] {
  const cutover = deps.cutover;
  if (!cutover) return [];
  return [shadowTraffic(cutover), fallbackToLegacy(deps, forwarder, cutover)];
}
