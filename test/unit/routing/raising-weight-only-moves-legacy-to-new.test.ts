import fc from 'fast-check';
import { expect, it } from 'vitest';
import { bucketOf, isNewBucket } from '../../../proxy/routing/bucket.ts';

const weightArb = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100);

it('a client on new stays on new when the weight is raised', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), weightArb, weightArb, (salt, key, a, b) => {
      const [lower, higher] = a <= b ? [a, b] : [b, a];
      const bucket = bucketOf(salt, key);
      if (isNewBucket(bucket, lower)) expect(isNewBucket(bucket, higher)).toBe(true);
      if (!isNewBucket(bucket, higher)) expect(isNewBucket(bucket, lower)).toBe(false);
    }),
    { numRuns: 5_000 },
  );
});
