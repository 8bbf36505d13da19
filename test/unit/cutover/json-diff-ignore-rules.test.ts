import { describe, expect, it } from 'vitest';
import { diffJson } from '../../../proxy/cutover/shadow/jsonDiff.ts';
import { generalizeJsonPath, pathMatcher } from '../../../proxy/cutover/shadow/jsonPath.ts';

const legacy = {
  items: [
    { id: 1, price: 10, updatedAt: 'a' },
    { id: 2, price: 20, updatedAt: 'b' },
  ],
  meta: { host: 'x', took: 3 },
};
const candidate = {
  items: [
    { id: 1, price: 11, updatedAt: 'c' },
    { id: 2, price: 20, updatedAt: 'd' },
  ],
  meta: { host: 'y', took: 4 },
  extra: true,
};

describe('diff ignore rules', () => {
  it('lists every differing leaf with both values when nothing is ignored', () => {
    const paths = diffJson(legacy, candidate).map((d) => `${d.kind} ${d.path}`);
    expect(paths).toEqual([
      'changed $.items[0].price',
      'changed $.items[0].updatedAt',
      'changed $.items[1].updatedAt',
      'changed $.meta.host',
      'changed $.meta.took',
      'added-in-new $.extra',
    ]);
  });

  it('skips a wildcard index path and a whole subtree', () => {
    const differences = diffJson(legacy, candidate, pathMatcher(['$.items[*].updatedAt', '$.meta.*', '$.extra']));
    expect(differences).toEqual([
      { path: '$.items[0].price', segments: ['items', 0, 'price'], kind: 'changed', legacy: 10, new: 11 },
    ]);
  });

  it('generalizes learned paths over array indices', () => {
    expect(generalizeJsonPath(['items', 3, 'updatedAt'])).toBe('$.items[*].updatedAt');
    expect(generalizeJsonPath(['odd key', 0])).toBe('$["odd key"][*]');
    expect(pathMatcher(['$["odd key"][*]'])(['odd key', 7, 'x'])).toBe(true);
  });

  it('rejects a rule that is not a JSON path, naming it', () => {
    expect(() => pathMatcher(['items.price'])).toThrow(/ignore rule "items.price" must start with "\$"/);
  });
});
