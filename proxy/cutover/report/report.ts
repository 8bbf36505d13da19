// The decommission report: per route its phase and since when, traffic and 5xx rate per backend over the
// window, fallbacks, shadow match rate and learned noise, and a verdict on retiring legacy with reasons.
import type { StatsWindow } from '../../stats/statsWindow.ts';
import type { RouteEntry, Snapshot } from '../../routing/routeTable.ts';
import { effectivePhase } from '../phases/phases.ts';
import type { RampState } from '../ramp/rampState.ts';
import { matchRate, type ShadowBook, type ShadowResult } from '../shadow/shadowBook.ts';

/** Used when a route has no ramp gates to borrow its thresholds from. */
const DEFAULT_MAX_ERROR_RATE_DELTA_PP = 0.5;
const DEFAULT_MAX_MISMATCH_PERCENT = 0.1;

export interface BackendTraffic {
  requests: number;
  errors: number;
  errorRatePercent: number;
}

export interface RouteReport {
  id: string;
  phase: string;
  phaseSince: string | null;
  weight: number;
  traffic: { legacy: BackendTraffic; new: BackendTraffic };
  /** Requests new failed that legacy answered, in the window. */
  fallbacks: number;
  shadow: { counts: Record<ShadowResult, number>; matchRatePercent: number | null; noisyFields: string[] };
  ramp: { status: string; message: string } | null;
  verdict: { readyToRetireLegacy: boolean; reasons: string[] };
}

export interface DecommissionReport {
  generatedAt: string;
  windowSeconds: number;
  configHash: string;
  routes: RouteReport[];
}

export interface ReportSources {
  snapshot: Snapshot;
  stats: StatsWindow;
  book: ShadowBook;
  fallbacksSince: (routeId: string, fromMs: number) => number;
  ramp: (routeId: string) => RampState | undefined;
  now: number;
  quietPeriodMs: number;
}

export function buildReport(sources: ReportSources, windowSeconds: number): DecommissionReport {
  return {
    generatedAt: new Date(sources.now).toISOString(),
    windowSeconds,
    configHash: sources.snapshot.hash,
    routes: sources.snapshot.routes.map((route) => routeReport(route, sources, windowSeconds)),
  };
}

function routeReport(route: RouteEntry, sources: ReportSources, windowSeconds: number): RouteReport {
  const traffic = (backend: 'legacy' | 'new'): BackendTraffic => {
    const end = sources.stats.currentTime(); // the stats window keeps its own time
    const s = sources.stats.summary(route.id, backend, end - windowSeconds * 1000, end + 1);
    return { requests: s.requests, errors: s.errors, errorRatePercent: round(s.errorRate * 100) };
  };
  const shadow = sources.book.route(route.id);
  const rate = matchRate(shadow.counts);
  const ramp = sources.ramp(route.id);
  const report: Omit<RouteReport, 'verdict'> = {
    id: route.id,
    phase: effectivePhase(route.config),
    phaseSince: route.config.phaseSince ?? null,
    weight: route.weight,
    traffic: { legacy: traffic('legacy'), new: traffic('new') },
    fallbacks: sources.fallbacksSince(route.id, sources.stats.currentTime() - windowSeconds * 1000),
    shadow: {
      counts: { ...shadow.counts },
      matchRatePercent: rate === null ? null : round(rate * 100),
      noisyFields: [...shadow.noisyPaths, ...[...shadow.noisyHeaders].map((h) => `header:${h}`)],
    },
    ramp: ramp ? { status: ramp.status, message: ramp.message } : null,
  };
  return { ...report, verdict: verdictOf(route, report, sources) };
}

function verdictOf(
  route: RouteEntry,
  report: Omit<RouteReport, 'verdict'>,
  sources: ReportSources,
): RouteReport['verdict'] {
  if (report.phase === 'retired')
    return { readyToRetireLegacy: true, reasons: ['legacy is already retired for this route'] };
  const blockers: string[] = [];
  const since = report.phaseSince ? Date.parse(report.phaseSince) : Number.NaN;
  // At 100 % the ramp is done: what is left is the command that starts the quiet period.
  const startQuietPeriod = `strangler phase ${route.id} new --reason "all traffic on new"`;
  if (report.phase !== 'new' && report.weight === 100) {
    blockers.push(
      `all traffic is on new (weight 100 %) but the phase is ${report.phase}: the ${hours(sources.quietPeriodMs)} h quiet period starts with phase new — run: ${startQuietPeriod}`,
    );
  } else if (report.phase !== 'new')
    blockers.push(
      `phase is ${report.phase} at weight ${report.weight} % — finish the ramp and move the route to phase new first`,
    );
  else if (Number.isNaN(since))
    blockers.push(
      `phaseSince is unknown — start the quiet period through the admin API or CLI so it can be measured: ${startQuietPeriod}`,
    );
  else if (sources.now - since < sources.quietPeriodMs)
    blockers.push(
      `in phase new for ${hours(sources.now - since)} h of the ${hours(sources.quietPeriodMs)} h quiet period`,
    );
  const { legacy, new: candidate } = report.traffic;
  const maxDelta = route.config.ramp?.gates.maxErrorRateDelta ?? DEFAULT_MAX_ERROR_RATE_DELTA_PP;
  if (candidate.requests === 0) blockers.push('new served no requests in the window — there is no evidence yet');
  else if (candidate.errorRatePercent - legacy.errorRatePercent > maxDelta) {
    blockers.push(
      `new's 5xx rate ${candidate.errorRatePercent} % exceeds legacy's ${legacy.errorRatePercent} % by more than ${maxDelta} pp`,
    );
  }
  if (report.fallbacks > 0)
    blockers.push(`${report.fallbacks} request(s) fell back to legacy in the window — new still leans on legacy`);
  const maxMismatch = route.config.ramp?.gates.maxMismatchRate ?? DEFAULT_MAX_MISMATCH_PERCENT;
  if (report.shadow.matchRatePercent !== null && 100 - report.shadow.matchRatePercent > maxMismatch) {
    blockers.push(
      `shadow match rate ${report.shadow.matchRatePercent} % is below ${round(100 - maxMismatch)} % — see strangler diffs ${route.id}`,
    );
  }
  if (blockers.length > 0) return { readyToRetireLegacy: false, reasons: blockers };
  return {
    readyToRetireLegacy: true,
    reasons: [
      `in phase new for ${hours(sources.now - since)} h, new's 5xx rate within ${maxDelta} pp of legacy, no fallbacks`,
    ],
  };
}

function hours(ms: number): number {
  return round(ms / 3_600_000);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
