// Rules that span several entries (unique ids, shadowed matches, names that must resolve). They read the
// raw parsed value defensively, so they report alongside schema problems instead of waiting for them.

export interface CrossProblem {
  at: PropertyKey[];
  message: string;
}

interface Context {
  handlerNames: ReadonlySet<string>;
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);

export function crossRouteProblems(config: unknown, context: Context): CrossProblem[] {
  if (!isObject(config) || !Array.isArray(config.routes)) return [];
  const upstreams = isObject(config.backends) && isObject(config.backends.upstreams) ? config.backends.upstreams : {};
  const problems: CrossProblem[] = [];
  const firstById = new Map<string, number>();
  const earlierMatches: EarlierMatch[] = [];
  config.routes.forEach((route: unknown, index) => {
    if (!isObject(route)) return;
    if (typeof route.id === 'string') {
      const seen = firstById.get(route.id);
      if (seen !== undefined)
        problems.push({
          at: ['routes', index, 'id'],
          message: `"${route.id}" is already used by routes[${seen}] — route ids must be unique`,
        });
      else firstById.set(route.id, index);
    }
    const shadowedBy = shadowingRoute(earlierMatches, route.match, index);
    if (shadowedBy !== undefined) {
      problems.push({
        at: ['routes', index, 'match'],
        message: `matches the same requests as routes[${shadowedBy}] — routes are tried in order, so this one would never be used; remove it or change its path/methods`,
      });
    }
    const target = route.new;
    if (isObject(target) && typeof target.handler === 'string' && !context.handlerNames.has(target.handler)) {
      const known = [...context.handlerNames].sort().join(', ') || '(none registered)';
      problems.push({
        at: ['routes', index, 'new', 'handler'],
        message: `unknown handler "${target.handler}" — use one of: ${known}`,
      });
    }
    if (isObject(target) && typeof target.upstream === 'string' && !Object.hasOwn(upstreams, target.upstream)) {
      const known = Object.keys(upstreams).join(', ') || '(none defined)';
      problems.push({
        at: ['routes', index, 'new', 'upstream'],
        message: `unknown upstream "${target.upstream}" — define it under backends.upstreams (defined: ${known})`,
      });
    }
  });
  return problems;
}

interface EarlierMatch {
  index: number;
  template: string;
  methods: ReadonlySet<string> | null;
}

/** An earlier route with the same path template whose methods cover all of this route's methods. */
function shadowingRoute(earlier: EarlierMatch[], match: unknown, index: number): number | undefined {
  if (!isObject(match) || typeof match.path !== 'string') return undefined;
  if (
    match.methods !== undefined &&
    !(Array.isArray(match.methods) && match.methods.every((m) => typeof m === 'string'))
  )
    return undefined;
  const template = match.path.replace(/:[^/]+/g, ':'); // parameter names do not change what matches
  const methods = match.methods ? new Set<string>(match.methods as string[]) : null;
  const covering = earlier.find(
    (e) =>
      e.template === template &&
      (e.methods === null || (methods !== null && [...methods].every((m) => e.methods!.has(m)))),
  );
  earlier.push({ index, template, methods });
  return covering?.index;
}
