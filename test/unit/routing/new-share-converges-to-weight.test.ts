import fc from 'fast-check';
import { expect, it } from 'vitest';
import { bucketOf, isNewBucket } from '../../../proxy/routing/bucket.ts';

const KEYS = Array.from({ length: 100_000 }, (_, i) => `header:x-user-id=user-${i}`);

it('over 100k distinct keys the share sent to new is within ±1 percentage point of the weight', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100), fc.string({ minLength: 1, maxLength: 12 }), (weight, salt) => {
      const buckets = KEYS.map((key) => bucketOf(salt, key));
      const share = (buckets.filter((bucket) => isNewBucket(bucket, weight)).length / KEYS.length) * 100;
      expect(Math.abs(share - weight)).toBeLessThanOrEqual(1);
    }),
    { numRuns: 15 },
  );
});

it('weight 0 sends nobody to new and weight 100 sends everybody', () => {
  const buckets = KEYS.slice(0, 10_000).map((key) => bucketOf('r', key));
  expect(buckets.some((b) => isNewBucket(b, 0))).toBe(false);
  expect(buckets.every((b) => isNewBucket(b, 100))).toBe(true);
});
