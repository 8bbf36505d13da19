// What the page concludes from the numbers: the migration phase of a route and whether new is doing worse
// than legacy. Same thresholds as dashboards/alerts.yml, so the page and the alerts agree.
import { milliseconds, percent } from './format.js';
import { enoughToCompare, MIN_REQUESTS_TO_COMPARE } from './sampleRule.js';

const ERROR_RATE_MARGIN = 0.01;
const P99_RATIO_LIMIT = 1.5;

const PHASE_LABELS = { legacy: 'legacy only', shadow: 'shadow · legacy answers', new: 'cut over', retired: 'retired' };

/**
 * The route's migration phase as the admin API reports it (`phase`), or derived from the weight when it
 * does not: 0 % = legacy only, 100 % = cut over, anything between = canary with its weight.
 */
export function phaseOf(route) {
  const derived = route.weight === 0 ? 'legacy' : route.weight === 100 ? 'new' : 'canary';
  const phase = typeof route.phase === 'string' && route.phase !== '' ? route.phase : derived;
  const label = phase === 'canary' ? `canary ${route.weight} %` : (PHASE_LABELS[phase] ?? phase);
  return { label, className: `phase-${phase}` };
}

/**
 * Why new is worse than legacy, as `{ metric: 'errorRate' | 'p99', text }` (empty when it is not, or when
 * either side has too few requests to say).
 */
export function newWorseReasons(legacy, candidate) {
  if (!legacy || !candidate || !enoughToCompare(legacy.requests, candidate.requests)) return [];
  const reasons = [];
  if (candidate.errorRate > legacy.errorRate + ERROR_RATE_MARGIN) {
    reasons.push({ metric: 'errorRate', text: `error rate ${percent(candidate.errorRate)} vs ${percent(legacy.errorRate)} on legacy` });
  }
  if (candidate.p99Ms !== null && legacy.p99Ms !== null && candidate.p99Ms > P99_RATIO_LIMIT * legacy.p99Ms) {
    reasons.push({ metric: 'p99', text: `p99 ${milliseconds(candidate.p99Ms)} vs ${milliseconds(legacy.p99Ms)} on legacy (${(candidate.p99Ms / legacy.p99Ms).toFixed(1)}×)` });
  }
  return reasons;
}

/** The card's note under the numbers: the request counts, and whether there are enough to compare. */
export function windowNote(legacy, candidate) {
  const counts = `Legacy · new over the last 5 minutes (${legacy.requests} and ${candidate.requests} requests)`;
  if (enoughToCompare(legacy.requests, candidate.requests)) return `${counts}.`;
  return `${counts}: not enough traffic to compare yet (${MIN_REQUESTS_TO_COMPARE} per backend, as strangler compare).`;
}
