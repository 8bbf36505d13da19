import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffJson } from '../../../proxy/cutover/shadow/jsonDiff.ts';
import { pathMatcher } from '../../../proxy/cutover/shadow/jsonPath.ts';

// JSON as it arrives over the wire: parsed text, so no -0, no undefined.
const json = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const unlimited = Number.POSITIVE_INFINITY;

describe('the structural JSON diff', () => {
  it('finds no difference between a value and itself', () => {
    fc.assert(fc.property(json, (value) => diffJson(value, structuredClone(value), undefined, unlimited).length === 0));
  });

  it('is empty exactly when the two values are deeply equal', () => {
    fc.assert(
      fc.property(
        json,
        json,
        (a, b) => (diffJson(a, b, undefined, unlimited).length === 0) === isDeepStrictEqual(a, b),
      ),
    );
  });

  it('reports the same paths whichever side is legacy', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const forward = diffJson(a, b, undefined, unlimited)
          .map((d) => d.path)
          .sort();
        const backward = diffJson(b, a, undefined, unlimited)
          .map((d) => d.path)
          .sort();
        expect(backward).toEqual(forward);
      }),
    );
  });

  it('reports nothing once every reported path is ignored', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const paths = diffJson(a, b, undefined, unlimited).map((d) => d.path);
        expect(diffJson(a, b, pathMatcher(paths), unlimited)).toEqual([]);
      }),
    );
  });
});
