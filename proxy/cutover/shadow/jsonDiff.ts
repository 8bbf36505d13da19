// Structural diff of two JSON values (legacy's answer and new's): every path where they differ, with
// both values, skipping paths an ignore predicate covers. Object key order never matters; array order does.
import { formatJsonPath, type PathSegment } from './jsonPath.ts';

export type DifferenceKind = 'changed' | 'type' | 'missing-in-new' | 'added-in-new';

export interface Difference {
  path: string;
  /** Segments of `path`, for learning noise and matching ignore rules. */
  segments: PathSegment[];
  kind: DifferenceKind;
  legacy?: unknown;
  new?: unknown;
}

/** Enough to explain a mismatch; a response that differs everywhere does not need every leaf listed. */
export const MAX_DIFFERENCES = 50;

export function diffJson(
  legacy: unknown,
  candidate: unknown,
  isIgnored: (path: readonly PathSegment[]) => boolean = () => false,
  limit = MAX_DIFFERENCES,
): Difference[] {
  const out: Difference[] = [];
  walk(legacy, candidate, [], isIgnored, out, limit);
  return out;
}

function walk(
  a: unknown,
  b: unknown,
  path: PathSegment[],
  isIgnored: (path: readonly PathSegment[]) => boolean,
  out: Difference[],
  limit: number,
): void {
  if (out.length >= limit || isIgnored(path)) return;
  const kindA = kindOf(a);
  const kindB = kindOf(b);
  if (kindA !== kindB) {
    out.push({ path: formatJsonPath(path), segments: [...path], kind: 'type', legacy: a, new: b });
    return;
  }
  if (kindA === 'array') {
    const left = a as unknown[];
    const right = b as unknown[];
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      if (i >= right.length) pushOneSided(out, [...path, i], 'missing-in-new', left[i], isIgnored, limit);
      else if (i >= left.length) pushOneSided(out, [...path, i], 'added-in-new', right[i], isIgnored, limit);
      else walk(left[i], right[i], [...path, i], isIgnored, out, limit);
    }
    return;
  }
  if (kindA === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of Object.keys(left)) {
      if (!Object.hasOwn(right, key)) pushOneSided(out, [...path, key], 'missing-in-new', left[key], isIgnored, limit);
      else walk(left[key], right[key], [...path, key], isIgnored, out, limit);
    }
    for (const key of Object.keys(right)) {
      if (!Object.hasOwn(left, key)) pushOneSided(out, [...path, key], 'added-in-new', right[key], isIgnored, limit);
    }
    return;
  }
  if (!Object.is(a, b) && !(a === 0 && b === 0))
    out.push({ path: formatJsonPath(path), segments: [...path], kind: 'changed', legacy: a, new: b });
}

function pushOneSided(
  out: Difference[],
  path: PathSegment[],
  kind: 'missing-in-new' | 'added-in-new',
  value: unknown,
  isIgnored: (path: readonly PathSegment[]) => boolean,
  limit: number,
): void {
  if (out.length >= limit || isIgnored(path)) return;
  out.push(
    kind === 'missing-in-new'
      ? { path: formatJsonPath(path), segments: path, kind, legacy: value }
      : { path: formatJsonPath(path), segments: path, kind, new: value },
  );
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
