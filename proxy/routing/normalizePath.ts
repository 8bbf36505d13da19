// One path policy, like Envoy's normalize_path + merge_slashes: the route the proxy picks must be the one
// legacy resolves, so the path is put in the form common frameworks resolve it to before matching, and that
// form is what is forwarded. RFC 3986 order: decode percent-escapes of unreserved characters (§6.2.2.2),
// remove dot segments (§5.2.4, `..` above the root stays at the root), then merge repeated slashes. What a
// framework could still read two ways — an encoded `/` or `\`, a literal `\`, an encoded NUL, a broken
// escape — is refused instead of guessed.

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

const UNRESERVED = /[A-Za-z0-9\-._~]/;
/** `%2F` and `%5C` would forge a segment boundary in frameworks that decode before routing; `%00` ends C strings. */
const AMBIGUOUS_ESCAPES = new Set(['2F', '5C', '00']);

/** Normalizes the path part of a request target (no query). Idempotent; never returns dot segments or `//`. */
export function normalizePath(path: string): NormalizedPath {
  if (path.includes('\\')) return { ok: false, reason: 'a backslash in the path (some frameworks read it as "/")' };
  const decoded = decodeUnreserved(path);
  if (!decoded.ok) return decoded;
  return { ok: true, path: removeDotSegments(decoded.path) };
}

function decodeUnreserved(path: string): NormalizedPath {
  if (!path.includes('%')) return { ok: true, path };
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (char !== '%') {
      out += char;
      continue;
    }
    const hex = path.slice(i + 1, i + 3).toUpperCase();
    if (!/^[0-9A-F]{2}$/.test(hex))
      return { ok: false, reason: `an invalid percent-escape at "${path.slice(i, i + 3)}"` };
    if (AMBIGUOUS_ESCAPES.has(hex)) return { ok: false, reason: `an encoded "%${hex}" in the path` };
    const decoded = String.fromCharCode(parseInt(hex, 16));
    out += UNRESERVED.test(decoded) ? decoded : `%${hex}`;
    i += 2;
  }
  return { ok: true, path: out };
}

/**
 * RFC 3986 §5.2.4 on whole segments (an empty segment counts, as in Envoy and WHATWG URL: `/a//../b` is
 * `/a/b`), then empty segments merged. A trailing slash or trailing dot segment leaves a trailing slash.
 */
function removeDotSegments(path: string): string {
  if (!path.includes('//') && !/\/\.\.?(?:\/|$)/.test(path)) return path;
  const segments = path.split('/').slice(1);
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const kept = out.filter((segment) => segment !== '');
  const last = segments.at(-1);
  const trailingSlash = kept.length > 0 && (last === '' || last === '.' || last === '..');
  return `/${kept.join('/')}${trailingSlash ? '/' : ''}`;
}
