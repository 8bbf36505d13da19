// Validates routes.yaml text and collects every problem at once (YAML syntax, schema, cross-route rules),
// each with its dotted path, line and column, so one run of `strangler validate` shows all there is to fix.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { cutoverConfigProblems } from '../cutover/phases/phases.ts';
import { crossRouteProblems } from './crossRouteRules.ts';
import { formatPath, type ConfigProblem } from './errors.ts';
import { ConfigSchema, type Config } from './types.ts';
import { noLocation, yamlLocator, type Locator } from './yamlLocator.ts';
import { suggestKey } from './didYouMean.ts';

export interface ValidationContext {
  /** Names of the in-process handlers that `new.handler` may refer to. */
  handlerNames: ReadonlySet<string>;
}

export type ValidationResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export function validateConfigText(text: string, context: ValidationContext): ValidationResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Syntax errors leave no trustworthy tree to check further, so they are reported on their own.
  const syntax = doc.errors.map((error): ConfigProblem => {
    const pos = lineCounter.linePos(error.pos[0]);
    return {
      path: '',
      line: pos.line,
      column: pos.col,
      message: `YAML syntax: ${error.message.split('\n')[0]} — fix the indentation or quoting here`,
    };
  });
  if (syntax.length > 0) return { ok: false, problems: syntax };
  return validateConfigValue(doc.toJS() ?? {}, context, yamlLocator(doc, lineCounter));
}

/** Validates an already-parsed value (admin API edits), locating problems in `locate` when given. */
export function validateConfigValue(
  value: unknown,
  context: ValidationContext,
  locate: Locator = noLocation,
): ValidationResult {
  const parsed = ConfigSchema.safeParse(value);
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => problemsOfIssue(issue, value, locate));
  const cutoverProblems = parsed.success ? cutoverConfigProblems(parsed.data) : [];
  const crossProblems = [...crossRouteProblems(value, context), ...cutoverProblems].map((p) => ({
    ...locate(p.at),
    path: formatPath(p.at),
    message: p.message,
  }));
  const problems = [...schemaProblems, ...crossProblems].sort(byPosition);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function problemsOfIssue(issue: z.core.$ZodIssue, root: unknown, locate: Locator): ConfigProblem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...locate([...path, key], { key: true }),
      path: formatPath([...path, key]),
      message: unknownKeyMessage(path, key),
    }));
  }
  const value = valueAt(root, path);
  return [{ ...locate(path), path: formatPath(path), message: describeIssue(issue, value) }];
}

function unknownKeyMessage(path: readonly PropertyKey[], key: string): string {
  const suggestion = suggestKey(path, key);
  if (suggestion) return `unknown key "${key}" — did you mean "${suggestion}"?`;
  return `unknown key "${key}" — check its spelling against the routes.yaml reference in docs/CONFIG.md`;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `is required (expected ${issue.expected})`
        : `${shown} is not a ${issue.expected} — write a ${issue.expected} here`;
    case 'invalid_union':
      return `${shown} must be one of { handler: <name> }, { url: <http url> } or { upstream: <name> }`;
    case 'invalid_value':
      return `${shown} must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return `${shown} ${issue.message}`;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}
