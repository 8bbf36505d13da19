// A route weight change (shift, rollback, ramp step) through the one route-edit path: the reason is
// required, the whole table is validated, and the answer carries the routes.yaml lines that changed.
import type { ConfigProblem } from '../config/errors.ts';
import type { RouteEditor, RouteEditRejected } from '../controlplane/routeEdit.ts';
import type { WriteFence } from '../controlplane/writeFence.ts';

export const MAX_REASON_LENGTH = 500;

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
  /** The elected ramp controller's lease term (routeEdit.ts). */
  fence?: WriteFence;
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

export type WeightChangeRejected = RouteEditRejected;
export type WeightChangeResult = WeightChangeApplied | WeightChangeRejected;

export class WeightChanger {
  constructor(private readonly editor: RouteEditor) {}

  async change(request: WeightChangeRequest): Promise<WeightChangeResult> {
    const result = await this.editor.edit({
      routeId: request.routeId,
      ifMatch: request.ifMatch,
      dryRun: request.dryRun,
      fence: request.fence,
      actor: request.actor,
      reason: String(request.reason),
      plan: () => ({
        ok: true,
        fields: { weight: request.weight },
        action: request.action,
        problems: reasonProblems(request.reason),
      }),
    });
    if (!result.ok) return result;
    return {
      ok: true,
      route: result.route,
      fromWeight: result.before.byId.get(result.route)!.weight,
      toWeight: result.after.byId.get(result.route)!.weight,
      configHashBefore: result.before.hash,
      configHashAfter: result.after.hash,
      dryRun: request.dryRun === true,
      persisted: result.persisted,
      fileDiff: result.persisted ? lineDiff(result.textBefore, result.textAfter) : [],
    };
  }
}

function reasonProblems(reason: unknown): ConfigProblem[] {
  if (typeof reason !== 'string' || reason.trim() === '') {
    return [{ path: 'reason', message: 'is required — say why the weight changes (it goes to the audit log)' }];
  }
  if (reason.length > MAX_REASON_LENGTH)
    return [{ path: 'reason', message: `is longer than ${MAX_REASON_LENGTH} characters — shorten it` }];
  return [];
}

/** Only a scalar changes, so the line count stays the same and lines compare one to one. */
function lineDiff(before: string, after: string): LineChange[] {
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  const changes: LineChange[] = [];
  newLines.forEach((line, index) => {
    if (line !== oldLines[index]) changes.push({ line: index + 1, before: oldLines[index] ?? '', after: line });
  });
  return changes;
}
