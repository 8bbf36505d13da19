// What admin routers get when they are mounted: the live config and the control-plane services. Other
// areas (cutover endpoints, the dashboard page) add routers through AdminMount without touching server.ts.
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { LiveConfig } from '../config/live.ts';
import type { Recorder } from '../metrics/recorder.ts';
import type { StatsWindow } from '../stats/statsWindow.ts';
import type { DiscoverTable } from '../discover/discoverTable.ts';
import type { RouteEditor } from '../controlplane/routeEdit.ts';
import type { AuditTrail } from '../controlplane/store.ts';
import type { WeightChanger } from './weightChange.ts';

export interface AdminContext {
  live: LiveConfig;
  recorder: Recorder;
  logger: Logger;
  stats: StatsWindow;
  /** Traffic no route matched, by inferred path template (GET /admin/discover). */
  discover: DiscoverTable;
  audit: AuditTrail;
  weights: WeightChanger;
  /** The one route-edit path (weights, phases, ramps, rollbacks) on the control-plane store. */
  editor: RouteEditor;
  /** Bearer-token check; already applied to everything under /admin. Use it for other protected paths. */
  requireToken: RequestHandler;
}

/** Mounts routes on the admin app; anything under /admin is token-protected before it runs. */
export type AdminMount = (app: Express, context: AdminContext) => void;
