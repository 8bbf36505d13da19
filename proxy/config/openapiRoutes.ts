// Route entries from an OpenAPI 3 (or Swagger 2) document: one route per operation, at weight 0 in phase
// legacy, so a team starts from its own endpoints instead of the demo's. Pure: no I/O.
import { HTTP_METHODS, type HttpMethod } from './types.ts';

export interface InitRoute {
  id: string;
  match: { methods: HttpMethod[]; path: string };
  new: { url: string };
  weight: 0;
  phase: 'legacy';
}

export interface RoutesFromOpenApi {
  routes: InitRoute[];
  /** Operations that could not become a route, each with the reason (shown to the user, never dropped silently). */
  skipped: string[];
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { operationId?: unknown } | unknown> | undefined>;
}

const ROUTE_ID_MAX = 64;

/** `/orders/{id}` → `/orders/:id`; a segment holding a parameter anywhere (`{name}.json`) becomes one parameter. */
export function pathTemplateOf(openApiPath: string): string {
  return openApiPath
    .split('/')
    .map((segment) => {
      const param = /\{([^}]*)\}/.exec(segment);
      if (!param) return segment;
      const name = (param[1] ?? '').replace(/[^A-Za-z0-9_]/g, '_') || 'param';
      return `:${name}`;
    })
    .join('/');
}

/** A route id (`a-z 0-9 _ . -`, 1–64 chars) from an operationId or, without one, from method and path. */
export function routeIdOf(operationId: string | undefined, method: string, path: string): string {
  const source = operationId ?? `${method}-${path}`;
  const id = source
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, ROUTE_ID_MAX);
  return id || 'route';
}

/**
 * A literal segment before a parameter at the first position where two templates differ, so
 * `/orders/open` is tried before `/orders/:id` (the route table takes the first match).
 */
function bySpecificity(a: InitRoute, b: InitRoute): number {
  const left = a.match.path.split('/');
  const right = b.match.path.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const leftParam = left[i]!.startsWith(':');
    const rightParam = right[i]!.startsWith(':');
    if (leftParam !== rightParam) return leftParam ? 1 : -1;
  }
  return 0;
}

export function routesFromOpenApi(document: unknown, newUrl: string): RoutesFromOpenApi {
  const paths = (document as OpenApiDocument | null)?.paths;
  if (!paths || typeof paths !== 'object') {
    throw new Error('the document has no "paths" object — is it an OpenAPI 3 or Swagger 2 document?');
  }
  const routes: InitRoute[] = [];
  const skipped: string[] = [];
  const used = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/') || !item || typeof item !== 'object') {
      skipped.push(`${path}: not a path item`);
      continue;
    }
    for (const [key, operation] of Object.entries(item)) {
      const method = key.toUpperCase();
      if (
        key === 'parameters' ||
        key === 'servers' ||
        key === 'summary' ||
        key === 'description' ||
        key.startsWith('x-')
      )
        continue;
      if (!(HTTP_METHODS as readonly string[]).includes(method)) {
        skipped.push(
          `${method} ${path}: routes.yaml takes ${HTTP_METHODS.join(', ')} only; the request still reaches legacy unrouted`,
        );
        continue;
      }
      const operationId = (operation as { operationId?: unknown } | null)?.operationId;
      const base = routeIdOf(typeof operationId === 'string' ? operationId : undefined, method, path);
      let id = base;
      for (let n = 2; used.has(id); n += 1) id = `${base.slice(0, ROUTE_ID_MAX - String(n).length - 1)}-${n}`;
      used.add(id);
      routes.push({
        id,
        match: { methods: [method as HttpMethod], path: pathTemplateOf(path) },
        new: { url: newUrl },
        weight: 0,
        phase: 'legacy',
      });
    }
  }
  return { routes: routes.sort(bySpecificity), skipped };
}
