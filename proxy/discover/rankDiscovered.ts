// Orders discovered endpoints into a migration backlog and turns them into route entries to paste.
import { routeIdOf } from '../config/openapiRoutes.ts';
import { HTTP_METHODS } from '../config/types.ts';
import type { DiscoveredEndpoint } from './discoverTable.ts';
import { PARAM } from './pathTemplate.ts';

export const RANK_KEYS = ['traffic', 'time'] as const;
export type RankKey = (typeof RANK_KEYS)[number];

/** traffic: most requests first; time: most time spent in legacy first. Ties: the other key, then the name. */
export function rankDiscovered(endpoints: readonly DiscoveredEndpoint[], by: RankKey): DiscoveredEndpoint[] {
  const primary = (e: DiscoveredEndpoint) => (by === 'traffic' ? e.requests : e.legacyMs);
  const secondary = (e: DiscoveredEndpoint) => (by === 'traffic' ? e.legacyMs : e.requests);
  return [...endpoints].sort(
    (a, b) =>
      primary(b) - primary(a) ||
      secondary(b) - secondary(a) ||
      `${a.template} ${a.method}`.localeCompare(`${b.template} ${b.method}`),
  );
}

/**
 * The route table takes the first match: at the first position where two templates differ in kind, the
 * literal one goes first (`/users/me` before `/users/:param`). Otherwise the ranking order is kept (stable sort).
 */
function literalFirst(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const leftWild = left[i] === PARAM || left[i] === '*';
    const rightWild = right[i] === PARAM || right[i] === '*';
    if (leftWild !== rightWild) return leftWild ? 1 : -1;
  }
  return 0;
}

/** `:param` segments numbered (`:param`, `:param2`, …) so each parameter has its own name in routes.yaml. */
export function routePathOf(template: string): string {
  let n = 0;
  return template
    .split('/')
    .map((segment) => (segment === PARAM ? (++n === 1 ? PARAM : `${PARAM}${n}`) : segment))
    .join('/');
}

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/**
 * Route entries (YAML text, indented for the `routes:` list) for the ranked endpoints, one per template
 * with all its methods, at weight 0 in phase legacy; endpoints whose method routes.yaml cannot take are left out.
 */
export function routesYamlOf(ranked: readonly DiscoveredEndpoint[], newUrl: string): string {
  const byTemplate = new Map<string, string[]>();
  for (const endpoint of ranked) {
    if (!METHODS.has(endpoint.method)) continue;
    const methods = byTemplate.get(endpoint.template) ?? [];
    methods.push(endpoint.method);
    byTemplate.set(endpoint.template, methods);
  }
  const used = new Set<string>();
  const lines: string[] = [];
  const templates = [...byTemplate.keys()].sort(literalFirst);
  for (const template of templates) {
    const methods = byTemplate.get(template)!;
    const path = routePathOf(template);
    const base = routeIdOf(undefined, methods.length === 1 ? methods[0]! : 'any', path.replaceAll(':', ''));
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
    used.add(id);
    lines.push(
      `  - id: ${id}`,
      `    match: { methods: [${methods.join(', ')}], path: ${JSON.stringify(path)} }`,
      `    new: { url: ${newUrl} }`,
      '    weight: 0',
      '    phase: legacy',
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
