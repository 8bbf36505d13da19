// What the page concludes from the numbers: the migration phase of a route and whether new is doing worse
// than legacy. Same thresholds as dashboards/alerts.yml, so the page and the alerts agree.
export const MIN_REQUESTS_TO_COMPARE = 20;
export const ERROR_RATE_MARGIN = 0.01;
export const P99_RATIO_LIMIT = 1.5;

/** 0 % = legacy only, 100 % = cut over, anything between is a canary; a configured phase is shown too. */
export function phaseOf(route) {
  const base = route.weight === 0
    ? { label: 'legacy only', className: 'legacy-only' }
    : route.weight === 100
      ? { label: 'cut over', className: 'cut-over' }
      : { label: `canary ${route.weight} %`, className: 'canary' };
  return typeof route.phase === 'string' && route.phase !== '' ? { ...base, label: `${route.phase} · ${base.label}` } : base;
}

/**
 * Why new is worse than legacy, as `{ metric: 'errorRate' | 'p99', text }` (empty when it is not, or when
 * either side has too few requests to say).
 */
export function newWorseReasons(legacy, candidate) {
  if (!legacy || !candidate || legacy.requests < MIN_REQUESTS_TO_COMPARE || candidate.requests < MIN_REQUESTS_TO_COMPARE) return [];
  const reasons = [];
  if (candidate.errorRate > legacy.errorRate + ERROR_RATE_MARGIN) {
    reasons.push({ metric: 'errorRate', text: `error rate ${percent(candidate.errorRate)} vs ${percent(legacy.errorRate)} on legacy` });
  }
  if (candidate.p99Ms !== null && legacy.p99Ms !== null && candidate.p99Ms > P99_RATIO_LIMIT * legacy.p99Ms) {
    reasons.push({ metric: 'p99', text: `p99 ${milliseconds(candidate.p99Ms)} vs ${milliseconds(legacy.p99Ms)} on legacy (${(candidate.p99Ms / legacy.p99Ms).toFixed(1)}×)` });
  }
  return reasons;
}

export function percent(ratio) {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)} %`;
}

export function milliseconds(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function perSecond(rps) {
  return rps < 10 ? rps.toFixed(2) : rps.toFixed(0);
}
