// Path templates inferred from real request paths, so unrouted traffic groups by endpoint rather than by URL:
// segments that look like identifiers collapse to `:param`. Pure: no state, no I/O.

export const PARAM = ':param';
/** Segments kept before the rest is folded into a trailing `/*`, so a template's length is bounded. */
export const MAX_TEMPLATE_SEGMENTS = 12;
/** A segment longer than this is an identifier whatever its characters (no endpoint name is that long). */
const MAX_LITERAL_LENGTH = 48;

const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const TOKEN = /^[A-Za-z0-9_~.=-]+$/;
/** Digits and separators only: dates (2024-01-31), versions (1.5.2), composite ids (12-345). */
const DIGITS_AND_SEPARATORS = /^[\d._:-]+$/;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;

/** True when a path segment is an identifier (a value), not part of the endpoint's name. */
export function isIdentifierSegment(segment: string): boolean {
  if (segment === '') return false;
  if (segment.length > MAX_LITERAL_LENGTH) return true;
  if (NUMERIC.test(segment) || UUID.test(segment)) return true;
  if (DIGITS_AND_SEPARATORS.test(segment) && HAS_DIGIT.test(segment)) return true;
  // Hex: 16+ characters always (a hash, an object id); 8+ only with a digit, so `deadline`-like words stay.
  if (HEX.test(segment) && (segment.length >= 16 || (segment.length >= 8 && HAS_DIGIT.test(segment)))) return true;
  // Long tokens (base64url, API keys, slugs with ids): 24+ characters mixing letters and digits, or 32+ of any.
  if (
    TOKEN.test(segment) &&
    (segment.length >= 32 || (segment.length >= 24 && HAS_DIGIT.test(segment) && HAS_LETTER.test(segment)))
  )
    return true;
  return false;
}

/**
 * `/users/42/orders/9f1c…` → `/users/:param/orders/:param`. The path is the proxy's normalized path
 * (no query); segments beyond MAX_TEMPLATE_SEGMENTS become a trailing `/*`.
 */
export function templateOf(path: string): string {
  const segments = path.split('/').slice(1);
  const kept = segments
    .slice(0, MAX_TEMPLATE_SEGMENTS)
    .map((segment) => (isIdentifierSegment(segment) ? PARAM : segment));
  const template = `/${kept.join('/')}`;
  return segments.length > MAX_TEMPLATE_SEGMENTS ? `${template}/*` : template;
}
