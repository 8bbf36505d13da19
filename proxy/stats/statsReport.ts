// The /admin/stats document: a contract read by the CLI, the dashboard and the ramp controller. Fields
// may be added; none may be renamed or removed.
import type { BackendKind } from '../config/types.ts';
import { UNMATCHED_ROUTE_ID, type Snapshot } from '../routing/routeTable.ts';
import {
  bucketStartOf,
  STATS_BUCKET_SECONDS,
  type StatsPoint,
  type StatsSummary,
  type StatsWindow,
} from './statsWindow.ts';

export const DEFAULT_STATS_WINDOW_SECONDS = 300;

export type BackendStats = StatsSummary & { series: StatsPoint[] };

export interface StatsReport {
  now: number;
  bucketSeconds: number;
  windowSeconds: number;
  configHash: string;
  routes: Array<{ id: string; weight: number; backends: Record<BackendKind, BackendStats> }>;
  /** Requests no route matched (they went to legacy); by endpoint: GET /admin/discover. */
  unmatched: StatsSummary;
}

/** The window covers the last `windowSeconds / bucketSeconds` buckets, the current (partial) one included. */
export function buildStatsReport(stats: StatsWindow, snapshot: Snapshot, windowSeconds: number): StatsReport {
  const now = stats.currentTime();
  const from = bucketStartOf(now) - (windowSeconds - STATS_BUCKET_SECONDS) * 1000;
  const backendStats = (id: string, backend: BackendKind): BackendStats => ({
    ...stats.summary(id, backend, from),
    series: stats.series(id, backend, from),
  });
  return {
    now,
    bucketSeconds: STATS_BUCKET_SECONDS,
    windowSeconds,
    configHash: snapshot.hash,
    routes: snapshot.routes.map((route) => ({
      id: route.id,
      weight: route.weight,
      backends: { legacy: backendStats(route.id, 'legacy'), new: backendStats(route.id, 'new') },
    })),
    unmatched: stats.summary(UNMATCHED_ROUTE_ID, 'legacy', from),
  };
}
