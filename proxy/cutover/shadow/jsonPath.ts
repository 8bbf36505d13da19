// JSON paths for the shadow diff: `$.data[0].price` names one value; an ignore rule such as
// `$.data[*].updatedAt` or `$.meta.*` uses `*` for any key or index and covers the whole subtree below it.

export type PathSegment = string | number;
type PatternSegment = string | number | typeof ANY;

const ANY = Symbol('any');
const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatJsonPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += SIMPLE_KEY.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The same path with every array index replaced by `*`: how learned noise generalizes across items. */
export function generalizeJsonPath(path: readonly PathSegment[]): string {
  return formatJsonPath(path).replace(/\[\d+\]/g, '[*]');
}

/** Parses `$.a[*].b`, `$.meta.*` or `$["odd key"]`; throws naming the rule when it is not a path. */
export function parsePattern(pattern: string): PatternSegment[] {
  if (!pattern.startsWith('$'))
    throw new Error(`ignore rule "${pattern}" must start with "$", e.g. $.meta.generatedAt`);
  const segments: PatternSegment[] = [];
  const token = /\.([^.[\]]+)|\[(\d+|\*|"(?:[^"\\]|\\.)*")\]/y;
  token.lastIndex = 1;
  while (token.lastIndex < pattern.length) {
    const at = token.lastIndex;
    const match = token.exec(pattern);
    if (!match)
      throw new Error(`ignore rule "${pattern}" is not a JSON path at column ${at + 1} — use .key, [index], [*] or .*`);
    const [, key, bracket] = match;
    if (key !== undefined) segments.push(key === '*' ? ANY : key);
    else if (bracket === '*') segments.push(ANY);
    else if (bracket!.startsWith('"')) segments.push(JSON.parse(bracket!) as string);
    else segments.push(Number(bracket));
  }
  return segments;
}

/** A predicate telling whether a value's path is covered by any of the patterns. */
export function pathMatcher(patterns: Iterable<string>): (path: readonly PathSegment[]) => boolean {
  const compiled = [...patterns].map(parsePattern);
  return (path) => compiled.some((pattern) => covers(pattern, path));
}

function covers(pattern: readonly PatternSegment[], path: readonly PathSegment[]): boolean {
  if (pattern.length > path.length) return false;
  return pattern.every((segment, i) => segment === ANY || segment === path[i]);
}
