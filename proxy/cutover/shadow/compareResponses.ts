// Compares legacy's answer with new's: status, the selected headers, and the body — structurally when
// both are JSON, byte for byte otherwise. Also used legacy-vs-legacy to find noise (calibration).
import { decodedBody, type CapturedResponse } from './capturedResponse.ts';
import { diffJson, MAX_DIFFERENCES, type Difference } from './jsonDiff.ts';
import type { PathSegment } from './jsonPath.ts';

export interface CompareRules {
  compareHeaders: readonly string[];
  /** Header names (lower case) whose differences are known noise. */
  ignoredHeaders: ReadonlySet<string>;
  isIgnored: (path: readonly PathSegment[]) => boolean;
  maxBodyBytes: number;
}

export interface Comparison {
  differences: Difference[];
  /** Decoded bodies, for showing a mismatch. */
  legacyBody: Buffer;
  newBody: Buffer;
}

export function compareResponses(
  legacy: CapturedResponse,
  candidate: CapturedResponse,
  rules: CompareRules,
): Comparison {
  const differences: Difference[] = [];
  if (legacy.status !== candidate.status)
    differences.push({ path: 'status', segments: [], kind: 'changed', legacy: legacy.status, new: candidate.status });
  for (const raw of rules.compareHeaders) {
    const name = raw.toLowerCase();
    const a = normalizeHeader(name, legacy.headers[name]);
    const b = normalizeHeader(name, candidate.headers[name]);
    if (a !== b && !rules.ignoredHeaders.has(name))
      differences.push({ path: `header:${name}`, segments: [], kind: 'changed', legacy: a, new: b });
  }
  const legacyBody = decodedBody(legacy, rules.maxBodyBytes);
  const newBody = decodedBody(candidate, rules.maxBodyBytes);
  const legacyJson = parseJson(legacyBody);
  const newJson = parseJson(newBody);
  if (legacyJson.ok && newJson.ok) {
    differences.push(
      ...diffJson(legacyJson.value, newJson.value, rules.isIgnored, MAX_DIFFERENCES - differences.length),
    );
  } else if (!legacyBody.equals(newBody) && !rules.isIgnored([])) {
    differences.push({
      path: '$',
      segments: [],
      kind: 'changed',
      legacy: legacyBody.toString('utf8'),
      new: newBody.toString('utf8'),
    });
  }
  return { differences, legacyBody, newBody };
}

/**
 * Compared case- and space-insensitively. In content-type, `charset=utf-8` is dropped: it is what JSON
 * always is (RFC 8259), and frameworks differ only in whether they spell it out.
 */
function normalizeHeader(name: string, value: string | undefined): string | undefined {
  const normalized = value?.toLowerCase().replace(/\s+/g, '');
  return name === 'content-type' ? normalized?.replace(/;charset=(?:"utf-8"|utf-8)(?=;|$)/, '') : normalized;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}
