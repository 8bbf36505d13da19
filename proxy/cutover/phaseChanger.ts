// Moves a route to another migration phase: checks the transition rules, pins the phase's weight, stamps
// phaseSince, validates like the file, writes routes.yaml (yaml Document API, comments kept), swaps the
// live snapshot and records the change in the audit log.
import { readFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { AuditLog } from '../admin/auditLog.ts';
import type { LiveConfig } from '../config/live.ts';
import { ConfigInvalidError } from '../config/errors.ts';
import { snapshotFromText } from '../config/load.ts';
import { writeFileAtomic } from '../config/persist.ts';
import type { ConfigReloader } from '../config/reload.ts';
import { ConfigChangeLock } from '../config/reloadLock.ts';
import { validateConfigValue, type ValidationContext } from '../config/validate.ts';
import type { MigrationPhase } from '../config/types.ts';
import { buildSnapshot } from '../routing/routeTable.ts';
import { checkTransition, effectivePhase } from './phases.ts';

export interface PhaseChangerDeps {
  live: LiveConfig;
  context: ValidationContext;
  audit: AuditLog;
  now: () => number;
  quietPeriodMs: number;
  configFile?: string;
  reloader?: ConfigReloader;
  /** The control plane's config change queue when it shares one; a private queue otherwise. */
  lock?: ConfigChangeLock;
}

export type PhaseChangeResult = { ok: true; route: string; from: MigrationPhase; to: MigrationPhase; weight: number } | { ok: false; status: number; message: string };

export class PhaseChanger {
  private readonly lock: ConfigChangeLock;

  constructor(private readonly deps: PhaseChangerDeps) {
    this.lock = deps.lock ?? new ConfigChangeLock();
  }

  change(routeId: string, to: MigrationPhase, actor: string, reason: string): Promise<PhaseChangeResult> {
    return this.lock.run(() => this.changeNow(routeId, to, actor, reason));
  }

  private async changeNow(routeId: string, to: MigrationPhase, actor: string, reason: string): Promise<PhaseChangeResult> {
    const before = this.deps.live.current();
    const route = before.byId.get(routeId);
    if (!route) return { ok: false, status: 404, message: `no route "${routeId}" — known routes: ${before.routes.map((r) => r.id).join(', ') || '(none)'}` };
    const from = effectivePhase(route.config);
    const check = checkTransition(route.config, to, { now: this.deps.now(), quietPeriodMs: this.deps.quietPeriodMs });
    if (!check.ok) return { ok: false, status: 409, message: check.message };
    if (from === to && route.config.phase === to) return { ok: true, route: routeId, from, to, weight: route.weight };

    const fields = { phase: to, phaseSince: new Date(this.deps.now()).toISOString(), weight: check.weight };
    const edited = structuredClone(before.config) as { routes: Array<Record<string, unknown>> };
    Object.assign(edited.routes[before.routes.indexOf(route)]!, fields);
    const validation = validateConfigValue(edited, this.deps.context);
    if (!validation.ok) return { ok: false, status: 400, message: validation.problems.map((p) => `${p.path}: ${p.message}`).join('; ') };

    let next = buildSnapshot(validation.config);
    if (this.deps.configFile) {
      const file = this.deps.configFile;
      const onDisk = await readFile(file, 'utf8');
      // Edit only the file the live config came from; the live snapshot is then built from the written text.
      if (diskHash(onDisk, file, this.deps.context) !== before.hash) {
        return { ok: false, status: 409, message: `${file} on disk differs from the live config (${before.hash}) or is invalid — run strangler validate ${file}, wait for the reload, then retry` };
      }
      const text = setRouteFieldsInText(onDisk, routeId, fields);
      next = snapshotFromText(text, file, this.deps.context);
      await writeFileAtomic(file, text);
      this.deps.reloader?.noteWritten(text);
    }
    this.deps.live.swap(next);
    await this.deps.audit.append({
      time: fields.phaseSince,
      actor,
      action: `phase:${from}->${to}`,
      route: routeId,
      fromWeight: route.weight,
      toWeight: check.weight,
      reason,
      configHashBefore: before.hash,
      configHashAfter: next.hash,
    });
    return { ok: true, route: routeId, from, to, weight: check.weight };
  }
}

/** The config hash of routes.yaml text, or null when the file does not validate. */
function diskHash(text: string, file: string, context: ValidationContext): string | null {
  try {
    return snapshotFromText(text, file, context).hash;
  } catch (error) {
    if (error instanceof ConfigInvalidError) return null;
    throw error;
  }
}

/** Sets keys on one route in routes.yaml text; the yaml Document API keeps comments and the other keys. */
export function setRouteFieldsInText(text: string, routeId: string, fields: Record<string, string | number>): string {
  const doc = parseDocument(text);
  const routes = doc.get('routes', true);
  const route = isSeq(routes) ? routes.items.find((item) => isMap(item) && item.get('id') === routeId) : undefined;
  if (!isMap(route)) throw new Error(`route "${routeId}" is not in routes.yaml — add it to the file first`);
  for (const [key, value] of Object.entries(fields)) route.set(key, value);
  return doc.toString();
}
