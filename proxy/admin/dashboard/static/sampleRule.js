// The minimum-sample rule, one function for the dashboard (this file runs in the browser) and the CLI
// (cli/verdict.ts imports it; sampleRule.d.ts types it): neither calls new better or worse on fewer
// requests than this per backend, so the page never flags what `strangler compare` calls too little traffic.

export const MIN_REQUESTS_TO_COMPARE = 100;

/** True when both backends served at least `minRequests` requests in the window being compared. */
export function enoughToCompare(legacyRequests, newRequests, minRequests = MIN_REQUESTS_TO_COMPARE) {
  return legacyRequests >= minRequests && newRequests >= minRequests;
}
