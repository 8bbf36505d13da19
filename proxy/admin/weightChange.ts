// Applies one route weight change end to end: checks the expected config hash, validates like the file,
// writes routes.yaml atomically, swaps the live snapshot and appends to the audit log — all inside the
// config change lock, so two racing changes with the same If-Match never both win.
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { ConfigProblem } from '../config/errors.ts';
import type { LiveConfig } from '../config/live.ts';
import { writeFileAtomic, type AtomicWriteHooks } from '../config/persist.ts';
import { ConfigFileLockedError, withFileLock } from '../config/persistLock.ts';
import type { ConfigReloader } from '../config/reload.ts';
import type { ConfigChangeLock } from '../config/reloadLock.ts';
import type { ValidationContext } from '../config/validate.ts';
import type { Snapshot } from '../routing/routeTable.ts';
import type { AuditLog } from './auditLog.ts';
import { catchUpWithFile } from './catchUpWithFile.ts';
import { planWeightChange, type WeightChangePlan } from './weightChangePlan.ts';

export interface WeightChangeRequest {
  routeId: string;
  weight: unknown;
  reason: unknown;
  /** Token name (or controller name) recorded in the audit log. */
  actor: string;
  /** e.g. `shift`, `rollback`, `ramp`: recorded in the audit log. */
  action: string;
  /** Required config hash; undefined skips the check (rollback, the emergency button). */
  ifMatch?: string;
  dryRun?: boolean;
}

export interface LineChange {
  line: number;
  before: string;
  after: string;
}

export interface WeightChangeApplied {
  ok: true;
  route: string;
  fromWeight: number;
  toWeight: number;
  configHashBefore: string;
  configHashAfter: string;
  dryRun: boolean;
  /** False when the proxy runs without a config file: the change lives until restart only. */
  persisted: boolean;
  fileDiff: LineChange[];
}

export interface WeightChangeRejected {
  ok: false;
  status: number;
  code: string;
  message: string;
  problems?: ConfigProblem[];
  configHash?: string;
}

export type WeightChangeResult = WeightChangeApplied | WeightChangeRejected;

export interface WeightChangerDeps {
  live: LiveConfig;
  lock: ConfigChangeLock;
  context: ValidationContext;
  audit: AuditLog;
  logger: Logger;
  configFile?: string;
  reloader?: ConfigReloader;
  persistHooks?: AtomicWriteHooks;
}

export class WeightChanger {
  constructor(private readonly deps: WeightChangerDeps) {}

  change(request: WeightChangeRequest): Promise<WeightChangeResult> {
    return this.deps.lock.run(() => (this.deps.configFile ? this.changeFile(request, this.deps.configFile) : this.apply(request, undefined)));
  }

  /** Under the file lock: catch up with the file, then check and apply the change on top of it. */
  private async changeFile(request: WeightChangeRequest, configFile: string): Promise<WeightChangeResult> {
    try {
      return await withFileLock(configFile, async () => {
        const text = await readFile(configFile, 'utf8');
        return catchUpWithFile(text, configFile, this.deps) ?? (await this.apply(request, text));
      });
    } catch (error) {
      if (error instanceof ConfigFileLockedError) return reject(503, 'CONFIG_LOCKED', error.message, this.deps.live.current());
      const hint = (error as NodeJS.ErrnoException).code === 'EROFS' ? ' (a read-only config map? change the weight there instead)' : '';
      const message = `could not update ${configFile}: ${(error as Error).message}${hint} — the change was not applied`;
      return reject(500, 'PERSIST_FAILED', message, this.deps.live.current());
    }
  }

  private async apply(request: WeightChangeRequest, fileText: string | undefined): Promise<WeightChangeResult> {
    const before = this.deps.live.current();
    if (!before.byId.has(request.routeId)) {
      const known = before.routes.map((r) => r.id).join(', ') || '(none)';
      return reject(404, 'ROUTE_NOT_FOUND', `no route "${request.routeId}" — known routes: ${known}`, before);
    }
    if (request.ifMatch !== undefined && request.ifMatch !== before.hash) {
      return reject(412, 'STALE_CONFIG', `the config changed since you read it (you sent ${request.ifMatch}, live is ${before.hash}) — re-read the routes and retry`, before);
    }
    const plan = planWeightChange(before, request, this.deps.context, fileText, this.deps.configFile);
    if (!plan.ok) return { ...plan, configHash: before.hash };
    const applied = resultOf(request, before, plan, fileText !== undefined);
    if (request.dryRun || plan.fromWeight === plan.toWeight) return applied;
    if (this.deps.configFile && plan.text !== undefined) {
      // A failed write throws before the swap: nothing is applied.
      await writeFileAtomic(this.deps.configFile, plan.text, this.deps.persistHooks);
      this.deps.reloader?.noteWritten(plan.text);
    }
    this.deps.live.swap(plan.next);
    await this.recordAudit(request, applied);
    return applied;
  }

  private async recordAudit(request: WeightChangeRequest, applied: WeightChangeApplied): Promise<void> {
    const entry = {
      time: new Date().toISOString(),
      actor: request.actor,
      action: request.action,
      route: applied.route,
      fromWeight: applied.fromWeight,
      toWeight: applied.toWeight,
      reason: String(request.reason),
      configHashBefore: applied.configHashBefore,
      configHashAfter: applied.configHashAfter,
    };
    this.deps.logger.info({ audit: entry }, 'route weight changed');
    try {
      await this.deps.audit.append(entry);
    } catch (error) {
      // The change is live and on disk already; losing the trail line is reported loudly, not undone.
      this.deps.logger.error({ err: error, audit: entry }, 'could not append to the audit log');
    }
  }
}

function reject(status: number, code: string, message: string, snapshot: Snapshot): WeightChangeRejected {
  return { ok: false, status, code, message, configHash: snapshot.hash };
}

function resultOf(request: WeightChangeRequest, before: Snapshot, plan: WeightChangePlan, persisted: boolean): WeightChangeApplied {
  return {
    ok: true,
    route: request.routeId,
    fromWeight: plan.fromWeight,
    toWeight: plan.toWeight,
    configHashBefore: before.hash,
    configHashAfter: plan.next.hash,
    dryRun: request.dryRun === true,
    persisted,
    fileDiff: plan.fileDiff,
  };
}
