// The one route-edit path, for weight, phase, ramp and rollback changes alike: inside the config change
// queue and the store's exclusive edit, catch up with the table as stored now, check the expected version
// (If-Match), work out the fields, validate the whole resulting table, write it with its audit record,
// and only then apply it. Two racing edits with the same If-Match never both win.
import type { Logger } from 'pino';
import { ConfigInvalidError, type ConfigProblem } from '../config/errors.ts';
import type { LiveConfig } from '../config/live.ts';
import { snapshotFromText } from '../config/load.ts';
import { ConfigFileLockedError } from '../config/persistLock.ts';
import type { ConfigChangeLock } from '../config/reloadLock.ts';
import { validateConfigValue, type ValidationContext } from '../config/validate.ts';
import type { RouteEntry, Snapshot } from '../routing/routeTable.ts';
import { StoreUnavailableError } from './storeUnavailable.ts';
import { setRouteFieldsInText, type RouteFieldValue } from './routeFieldsInText.ts';
import type { ControlPlaneStore, StoredTable, TableWrite } from './store.ts';
import { FencedWriteError, type WriteFence } from './writeFence.ts';

export interface RouteEditRejected {
  ok: false;
  status: number;
  code: string;
  message: string;
  problems?: ConfigProblem[];
  configHash?: string;
}

/** What to change on the route as it is stored now, and the audit action it is recorded as. */
export type RouteEditPlan =
  | {
      ok: true;
      fields: Record<string, unknown>;
      action: string;
      /** The caller's own problems, reported with the table's. */ problems?: ConfigProblem[];
    }
  | RouteEditRejected;

export interface RouteEditRequest {
  routeId: string;
  plan: (route: RouteEntry) => RouteEditPlan;
  /** Expected config hash; undefined skips the check (rollback, the emergency button; phase changes). */
  ifMatch?: string;
  dryRun?: boolean;
  /** Token name (or controller name) recorded in the audit log. */
  actor: string;
  reason: string;
  /** Set by the elected ramp controller: committed only while its lease term is live. */
  fence?: WriteFence;
}

export interface RouteEditApplied {
  ok: true;
  route: string;
  action: string;
  before: Snapshot;
  after: Snapshot;
  textBefore: string;
  textAfter: string;
  /** False for a dry run and for an edit that leaves the table as it was: nothing was written. */
  written: boolean;
  /** False when the store keeps changes only until exit. */
  persisted: boolean;
}

export type RouteEditResult = RouteEditApplied | RouteEditRejected;

export interface RouteEditorDeps {
  live: LiveConfig;
  store: ControlPlaneStore;
  lock: ConfigChangeLock;
  context: ValidationContext;
  logger: Logger;
}

export class RouteEditor {
  constructor(readonly deps: RouteEditorDeps) {}

  edit(request: RouteEditRequest): Promise<RouteEditResult> {
    return this.deps.lock.run(async () => {
      try {
        return await this.deps.store.edit((current, write) => this.editStored(request, current, write));
      } catch (error) {
        return this.storeFailure(error);
      }
    });
  }

  private async editStored(
    request: RouteEditRequest,
    current: StoredTable,
    write: (change: TableWrite) => Promise<void>,
  ): Promise<RouteEditResult> {
    const stored = this.catchUp(current);
    if (!stored.ok) return stored;
    const before = stored.snapshot;
    const route = before.byId.get(request.routeId);
    if (!route) {
      const known = before.routes.map((r) => r.id).join(', ') || '(none)';
      return reject(404, 'ROUTE_NOT_FOUND', `no route "${request.routeId}" — known routes: ${known}`, before);
    }
    if (request.ifMatch !== undefined && request.ifMatch !== before.hash) {
      return reject(
        412,
        'STALE_CONFIG',
        `the config changed since you read it (you sent ${request.ifMatch}, live is ${before.hash}) — re-read the routes and retry`,
        before,
      );
    }
    const plan = request.plan(route);
    if (!plan.ok) return { ...plan, configHash: plan.configHash ?? before.hash };

    const edited = structuredClone(before.config) as { routes: Array<Record<string, unknown>> };
    Object.assign(edited.routes[before.routes.indexOf(route)]!, plan.fields);
    const validation = validateConfigValue(edited, this.deps.context);
    const problems = [...(plan.problems ?? []), ...(validation.ok ? [] : validation.problems)];
    if (problems.length > 0) {
      return {
        ok: false,
        status: 400,
        code: 'INVALID_CHANGE',
        message: `the change is invalid: ${problems.length} problem(s)`,
        problems,
        configHash: before.hash,
      };
    }
    const textAfter = setRouteFieldsInText(
      current.text,
      request.routeId,
      plan.fields as Record<string, RouteFieldValue>,
    );
    const after = snapshotFromText(textAfter, current.source, this.deps.context);
    const written = !request.dryRun && after.hash !== before.hash;
    const applied: RouteEditApplied = {
      ok: true,
      route: request.routeId,
      action: plan.action,
      before,
      after,
      textBefore: current.text,
      textAfter,
      written,
      persisted: this.deps.store.persistent,
    };
    if (!written) return applied;
    const audit = {
      time: new Date().toISOString(),
      actor: request.actor,
      action: plan.action,
      route: request.routeId,
      fromWeight: route.weight,
      toWeight: after.byId.get(request.routeId)!.weight,
      reason: request.reason,
      configHashBefore: before.hash,
      configHashAfter: after.hash,
    };
    await write({ text: textAfter, audit, fence: request.fence });
    this.deps.live.swap(after);
    this.deps.logger.info({ audit }, 'route changed');
    return applied;
  }

  /**
   * Another process sharing the store (a replica, a cluster worker) may have changed it a moment ago,
   * before this one's watcher or subscription applied it: the edit is checked against, and applied on top
   * of, what is really stored.
   */
  private catchUp(current: StoredTable): { ok: true; snapshot: Snapshot } | RouteEditRejected {
    const live = this.deps.live.current();
    let stored: Snapshot;
    try {
      stored = snapshotFromText(current.text, current.source, this.deps.context);
    } catch (error) {
      if (!(error instanceof ConfigInvalidError)) throw error;
      return {
        ok: false,
        status: 409,
        code: 'FILE_INVALID',
        message: `${current.source} is invalid — fix it first (strangler validate); the live config is unchanged`,
        problems: [...error.problems],
        configHash: live.hash,
      };
    }
    if (stored.hash !== live.hash) {
      this.deps.live.swap(stored);
      this.deps.logger.info(
        { source: current.source, hash: stored.hash, previousHash: live.hash },
        'config caught up with the store before an edit',
      );
    }
    return { ok: true, snapshot: stored };
  }

  private storeFailure(error: unknown): RouteEditRejected {
    const live = this.deps.live.current();
    if (error instanceof ConfigFileLockedError) return reject(503, 'CONFIG_LOCKED', error.message, live);
    if (error instanceof StoreUnavailableError) return reject(503, 'STORE_UNAVAILABLE', error.message, live);
    if (error instanceof FencedWriteError) return reject(409, 'FENCED', error.message, live);
    const hint =
      (error as NodeJS.ErrnoException).code === 'EROFS' ? ' (a read-only config map? change it there instead)' : '';
    const message = `could not update the ${this.deps.store.kind} store: ${(error as Error).message}${hint} — the change was not applied`;
    return reject(500, 'PERSIST_FAILED', message, live);
  }
}

function reject(status: number, code: string, message: string, snapshot: Snapshot): RouteEditRejected {
  return { ok: false, status, code, message, configHash: snapshot.hash };
}
