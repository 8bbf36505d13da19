// One shadow comparison: waits for legacy's answer to the client (tapped), new's answer to the copy and,
// while calibrating, a second legacy answer; learns noise from the two legacy answers, then compares
// legacy with new ignoring configured and learned noise.
import type { ShadowConfig } from '../../config/types.ts';
import type { CapturedResponse } from './capturedResponse.ts';
import { compareResponses, type Comparison } from './compareResponses.ts';
import { generalizeJsonPath, pathMatcher } from './jsonPath.ts';
import type { TapResult } from './responseTap.ts';
import type { CopyResult } from './sendCopy.ts';
import type { RouteShadowState, ShadowResult } from './shadowBook.ts';

export interface ShadowInputs {
  config: ShadowConfig;
  state: RouteShadowState;
  legacy: Promise<TapResult>;
  candidate: Promise<CopyResult>;
  /** Present only while calibrating. */
  legacyAgain: Promise<CopyResult> | undefined;
}

export type ShadowOutcome =
  | { result: 'match' }
  | { result: 'mismatch'; comparison: Comparison; legacy: CapturedResponse; candidate: CapturedResponse }
  | { result: Exclude<ShadowResult, 'match' | 'mismatch'>; reason: string };

export async function runShadow(inputs: ShadowInputs): Promise<ShadowOutcome> {
  const [legacy, candidate, legacyAgain] = await Promise.all([inputs.legacy, inputs.candidate, inputs.legacyAgain]);
  if (legacy.kind === 'too-large')
    return { result: 'shed', reason: `legacy's answer is over shadow.maxBodyBytes (${inputs.config.maxBodyBytes})` };
  if (legacy.kind === 'incomplete')
    return { result: 'error', reason: 'the client connection closed before legacy answered in full' };
  if (candidate.kind === 'too-large')
    return { result: 'shed', reason: `new's answer is over shadow.maxBodyBytes (${inputs.config.maxBodyBytes})` };
  if (candidate.kind === 'failed')
    return { result: 'error', reason: `new did not answer the shadow copy: ${candidate.reason}` };
  try {
    if (legacyAgain?.kind === 'complete') learnNoise(inputs, legacy.response, legacyAgain.response);
    const comparison = compareResponses(legacy.response, candidate.response, rulesOf(inputs));
    if (comparison.differences.length === 0) return { result: 'match' };
    return { result: 'mismatch', comparison, legacy: legacy.response, candidate: candidate.response };
  } catch (error) {
    return { result: 'error', reason: `could not compare the answers: ${(error as Error).message}` };
  }
}

/** Whatever differs between two legacy answers to the same request is noise (timestamps, ids, hosts). */
function learnNoise(inputs: ShadowInputs, first: CapturedResponse, second: CapturedResponse): void {
  const { differences } = compareResponses(first, second, {
    ...rulesOf(inputs),
    ignoredHeaders: new Set(),
    isIgnored: pathMatcher(inputs.config.ignore),
  });
  for (const difference of differences) {
    if (difference.path.startsWith('header:')) inputs.state.noisyHeaders.add(difference.path.slice(7));
    else if (difference.path !== 'status') inputs.state.noisyPaths.add(generalizeJsonPath(difference.segments));
  }
}

function rulesOf(inputs: ShadowInputs) {
  return {
    compareHeaders: inputs.config.compareHeaders,
    ignoredHeaders: inputs.state.noisyHeaders,
    isIgnored: pathMatcher([...inputs.config.ignore, ...inputs.state.noisyPaths]),
    maxBodyBytes: inputs.config.maxBodyBytes,
  };
}
