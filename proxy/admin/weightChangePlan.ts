// Works out what a weight change would do, without doing it: the validated next snapshot, the new
// routes.yaml text (`fileText` is the file the live config was built from) and its line diff, or every
// problem that stops it.
import type { ConfigProblem } from '../config/errors.ts';
import { snapshotFromText } from '../config/load.ts';
import { setRouteWeightInText } from '../config/persistWeight.ts';
import { validateConfigValue, type ValidationContext } from '../config/validate.ts';
import { buildSnapshot, type Snapshot } from '../routing/routeTable.ts';
import type { LineChange, WeightChangeRejected } from './weightChange.ts';

export const MAX_REASON_LENGTH = 500;

export interface WeightChangePlan {
  ok: true;
  fromWeight: number;
  toWeight: number;
  next: Snapshot;
  text?: string;
  fileDiff: LineChange[];
}

export function planWeightChange(
  live: Snapshot,
  request: { routeId: string; weight: unknown; reason: unknown },
  context: ValidationContext,
  fileText: string | undefined,
  file = 'routes.yaml',
): WeightChangePlan | WeightChangeRejected {
  const index = live.routes.findIndex((route) => route.id === request.routeId);
  const edited = structuredClone(live.config) as { routes: Array<Record<string, unknown>> };
  edited.routes[index]!.weight = request.weight;
  const validation = validateConfigValue(edited, context);
  const problems: ConfigProblem[] = [...reasonProblems(request.reason), ...(validation.ok ? [] : validation.problems)];
  if (!validation.ok || problems.length > 0) {
    return { ok: false, status: 400, code: 'INVALID_CHANGE', message: `the change is invalid: ${problems.length} problem(s)`, problems };
  }
  const fromWeight = live.byId.get(request.routeId)!.weight;
  const toWeight = request.weight as number;
  if (fileText === undefined) return { ok: true, fromWeight, toWeight, next: buildSnapshot(validation.config), fileDiff: [] };

  const text = setRouteWeightInText(fileText, request.routeId, toWeight);
  return { ok: true, fromWeight, toWeight, next: snapshotFromText(text, file, context), text, fileDiff: lineDiff(fileText, text) };
}

function reasonProblems(reason: unknown): ConfigProblem[] {
  if (typeof reason !== 'string' || reason.trim() === '') {
    return [{ path: 'reason', message: 'is required — say why the weight changes (it goes to the audit log)' }];
  }
  if (reason.length > MAX_REASON_LENGTH) return [{ path: 'reason', message: `is longer than ${MAX_REASON_LENGTH} characters — shorten it` }];
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
