// Matches a request path against Flask-style rules (`<name>` = one path segment).
import type { LegacyRoute } from './routes.ts';

export interface UrlMatch {
  route: LegacyRoute;
  params: Record<string, string>;
}

export function compileUrlMap(routes: readonly LegacyRoute[]): (method: string, path: string) => UrlMatch | undefined {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.rule.replace(/<([a-z_]+)>/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, names, regex: new RegExp(`^${source}/?$`) };
  });
  return (method, path) => {
    for (const { route, names, regex } of compiled) {
      if (route.method !== method) continue;
      const match = regex.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, safeDecode(match[i + 1]!)]));
      return { route, params };
    }
    return undefined;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
