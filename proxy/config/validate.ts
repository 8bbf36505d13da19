// Validates routes.yaml text and collects every problem at once (YAML syntax, schema, cross-route rules),
// each with its dotted path, line and column, so one run of `strangler validate` shows all there is to fix.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, type ConfigProblem } from './errors.ts';
import { ConfigSchema, type Config, type RouteConfig } from './types.ts';

export interface ValidationContext {
  /** Names of the in-process handlers that `new.handler` may refer to. */
  handlerNames: ReadonlySet<string>;
}

export type ValidationResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export function validateConfigText(text: string, context: ValidationContext): ValidationResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((error): ConfigProblem => {
    const pos = lineCounter.linePos(error.pos[0]);
    return { path: '', line: pos.line, column: pos.col, message: `YAML syntax: ${error.message.split('\n')[0]}` };
  });
  if (syntax.length > 0) return { ok: false, problems: syntax };
  return validateConfigValue(doc.toJS() ?? {}, context, locator(doc, lineCounter));
}

/** Validates an already-parsed value (admin API edits), locating problems in `locate` when given. */
export function validateConfigValue(value: unknown, context: ValidationContext, locate: Locator = () => ({})): ValidationResult {
  const parsed = ConfigSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.flatMap((issue) => problemsOfIssue(issue, value, locate)) };
  }
  const problems = crossRouteProblems(parsed.data, context).map((p) => ({ ...locate(p.at), path: formatPath(p.at), message: p.message }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

type Locator = (path: readonly PropertyKey[]) => { line?: number; column?: number };

function locator(doc: Document, lineCounter: LineCounter): Locator {
  return (path) => {
    // Walk up until a node exists: a missing key is reported where its parent is.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
}

function problemsOfIssue(issue: z.core.$ZodIssue, root: unknown, locate: Locator): ConfigProblem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...locate([...path, key]), // the unknown key itself, not its parent map
      path: formatPath([...path, key]),
      message: `unknown key "${key}" — check its spelling against the routes.yaml reference in README`,
    }));
  }
  const value = valueAt(root, path);
  return [{ ...locate(path), path: formatPath(path), message: describeIssue(issue, value) }];
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? `is required (expected ${issue.expected})` : `${shown} is not a ${issue.expected}`;
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

interface CrossProblem {
  at: PropertyKey[];
  message: string;
}

function crossRouteProblems(config: Config, context: ValidationContext): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const firstById = new Map<string, number>();
  const earlierByPath = new Map<string, { index: number; methods: ReadonlySet<string> | null }[]>();
  config.routes.forEach((route, index) => {
    const seen = firstById.get(route.id);
    if (seen !== undefined) {
      problems.push({ at: ['routes', index, 'id'], message: `"${route.id}" is already used by routes[${seen}] — route ids must be unique` });
    } else firstById.set(route.id, index);

    const shadowedBy = shadowingRoute(earlierByPath, route, index);
    if (shadowedBy !== undefined) {
      problems.push({
        at: ['routes', index, 'match'],
        message: `matches the same requests as routes[${shadowedBy}] (${route.match.path}) — routes are tried in order, so this one would never be used; remove it or change its path/methods`,
      });
    }

    if ('handler' in route.new && !context.handlerNames.has(route.new.handler)) {
      const known = [...context.handlerNames].sort().join(', ') || '(none registered)';
      problems.push({ at: ['routes', index, 'new', 'handler'], message: `unknown handler "${route.new.handler}" — known handlers: ${known}` });
    }
    if ('upstream' in route.new && !(route.new.upstream in config.backends.upstreams)) {
      const known = Object.keys(config.backends.upstreams).join(', ') || '(none defined)';
      problems.push({
        at: ['routes', index, 'new', 'upstream'],
        message: `unknown upstream "${route.new.upstream}" — define it under backends.upstreams (defined: ${known})`,
      });
    }
  });
  return problems;
}

/** An earlier route with the same path template whose methods cover all of this route's methods. */
function shadowingRoute(
  earlierByPath: Map<string, { index: number; methods: ReadonlySet<string> | null }[]>,
  route: RouteConfig,
  index: number,
): number | undefined {
  const path = route.match.path.replace(/:[^/]+/g, ':'); // parameter names do not change what matches
  const methods = route.match.methods ? new Set<string>(route.match.methods) : null;
  const earlier = earlierByPath.get(path) ?? [];
  const covering = earlier.find((e) => e.methods === null || (methods !== null && [...methods].every((m) => e.methods!.has(m))));
  earlierByPath.set(path, [...earlier, { index, methods }]);
  return covering?.index;
}
