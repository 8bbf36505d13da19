// Changes one route's weight inside routes.yaml text. The yaml Document API finds the weight's exact
// source range and only those bytes are replaced, so comments, key order, quoting and blank lines
// elsewhere stay byte-for-byte as the operator wrote them.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

export class RouteNotInFileError extends Error {
  constructor(readonly routeId: string) {
    super(`route "${routeId}" has no weight in routes.yaml — add it to the file first`);
    this.name = 'RouteNotInFileError';
  }
}

export function setRouteWeightInText(text: string, routeId: string, weight: number): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const routes = doc.get('routes', true);
  if (!isSeq(routes)) throw new RouteNotInFileError(routeId);
  for (const route of routes.items) {
    if (!isMap(route) || route.get('id') !== routeId) continue;
    const node = route.get('weight', true);
    if (!isScalar(node) || !node.range) throw new RouteNotInFileError(routeId);
    const [start, valueEnd] = node.range;
    return `${text.slice(0, start)}${formatWeight(weight)}${text.slice(valueEnd)}`;
  }
  throw new RouteNotInFileError(routeId);
}

/** Plain YAML numbers: 25, 12.5, 0.25. */
function formatWeight(weight: number): string {
  return String(Math.round(weight * 100) / 100);
}
