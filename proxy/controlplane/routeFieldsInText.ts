// Changes scalar fields of one route inside routes.yaml text. The yaml Document API finds each value's exact
// source range and only those bytes are replaced; a field the route does not have yet is added as one new
// line after the route's last key (or before the `}` of a flow map). Comments, key order, quoting and blank
// lines elsewhere stay byte-for-byte as the operator wrote them.
import { isMap, isScalar, isSeq, parseDocument, Scalar, stringify, type YAMLMap } from 'yaml';

export type RouteFieldValue = string | number;

export class RouteNotInFileError extends Error {
  constructor(
    readonly routeId: string,
    detail = 'is not in routes.yaml',
  ) {
    super(`route "${routeId}" ${detail} — add it to the file first`);
    this.name = 'RouteNotInFileError';
  }
}

export function setRouteWeightInText(text: string, routeId: string, weight: number): string {
  return setRouteFieldsInText(text, routeId, { weight }, { requireExisting: true });
}

/** `requireExisting`: refuse to add a field (a weight edit must find the weight it changes). */
export function setRouteFieldsInText(
  text: string,
  routeId: string,
  fields: Record<string, RouteFieldValue>,
  options: { requireExisting?: boolean } = {},
): string {
  const route = findRoute(text, routeId);
  const edits: Array<{ start: number; end: number; bytes: string }> = [];
  const added: Array<[string, RouteFieldValue]> = [];
  for (const [key, value] of Object.entries(fields)) {
    const node = route.get(key, true);
    if (node === undefined) {
      if (options.requireExisting) throw new RouteNotInFileError(routeId, `has no ${key} in routes.yaml`);
      added.push([key, value]);
      continue;
    }
    if (!isScalar(node) || !node.range)
      throw new RouteNotInFileError(routeId, `has a ${key} that is not a plain value`);
    edits.push({ start: node.range[0], end: node.range[1], bytes: formatScalar(value, node.type) });
  }
  if (added.length > 0) edits.push(insertionFor(text, route, added));
  // Right to left, so earlier offsets stay valid.
  edits.sort((a, b) => b.start - a.start);
  return edits.reduce((out, edit) => `${out.slice(0, edit.start)}${edit.bytes}${out.slice(edit.end)}`, text);
}

function findRoute(text: string, routeId: string): YAMLMap {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const routes = doc.get('routes', true);
  const route = isSeq(routes) ? routes.items.find((item) => isMap(item) && item.get('id') === routeId) : undefined;
  if (!isMap(route) || !route.range) throw new RouteNotInFileError(routeId);
  return route;
}

function insertionFor(text: string, route: YAMLMap, added: Array<[string, RouteFieldValue]>) {
  const pairs = added.map(([key, value]) => `${key}: ${formatScalar(value, undefined)}`);
  if (route.flow) {
    // `{ id: x, weight: 5 }` → `{ id: x, weight: 5, phase: shadow }`
    const close = text.lastIndexOf('}', route.range![1]);
    let at = close;
    while (at > 0 && /\s/.test(text[at - 1]!)) at--;
    return { start: at, end: at, bytes: `, ${pairs.join(', ')}` };
  }
  const first = route.items[0]!.key as Scalar;
  const last = route.items[route.items.length - 1]!;
  const indent = ' '.repeat(first.range![0] - text.lastIndexOf('\n', first.range![0]) - 1);
  const lastEnd =
    (isScalar(last.value) || isMap(last.value) || isSeq(last.value)) && last.value.range
      ? last.value.range[1]
      : (last.key as Scalar).range![1];
  // The new lines go after the end of the line the last value ends on (its trailing comment stays with it).
  let end = lastEnd;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const lineEnd = text.indexOf('\n', end);
  const at = lineEnd === -1 ? text.length : lineEnd;
  return { start: at, end: at, bytes: pairs.map((pair) => `\n${indent}${pair}`).join('') };
}

/** Numbers as plain YAML numbers (25, 12.5); strings keep the quoting the file used, plain when safe. */
function formatScalar(value: RouteFieldValue, style: Scalar['type']): string {
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`;
  return stringify(value).trimEnd();
}
