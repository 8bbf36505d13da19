import fc from 'fast-check';
import { expect, it } from 'vitest';
import { BUCKET_COUNT, bucketOf, isNewBucket } from '../../../proxy/routing/bucket.ts';

const KEYS = Array.from({ length: 100_000 }, (_, i) => `header:x-user-id=user-${i}`);

// Measured worst deviation over these seeded salts: 0.49 pp (typically about 0.3 pp); the bound leaves a little room.
const MAX_DEVIATION_PP = 0.6;

it('over 100k distinct keys the share sent to new is within ±0.6 percentage point of every weight 0..100 in 0.01 steps', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 12 }), (salt) => {
      const perBucket = new Array<number>(BUCKET_COUNT).fill(0);
      for (const key of KEYS) perBucket[bucketOf(salt, key)]!++;
      // One pass over the weights: raising the weight only adds buckets, so the buckets on new grow as a prefix.
      let onNew = 0;
      let nextBucket = 0;
      let worst = { deviation: 0, weight: 0 };
      for (let hundredths = 0; hundredths <= 10_000; hundredths++) {
        const weight = hundredths / 100;
        while (nextBucket < BUCKET_COUNT && isNewBucket(nextBucket, weight)) onNew += perBucket[nextBucket++]!;
        if (nextBucket < BUCKET_COUNT) expect(isNewBucket(nextBucket, weight)).toBe(false);
        const deviation = Math.abs((onNew / KEYS.length) * 100 - weight);
        if (deviation > worst.deviation) worst = { deviation, weight };
      }
      expect(worst.deviation, `worst at weight ${worst.weight}`).toBeLessThanOrEqual(MAX_DEVIATION_PP);
    }),
    { numRuns: 8, seed: 17 },
  );
});

it('weight 0 sends nobody to new and weight 100 sends everybody', () => {
  const buckets = KEYS.slice(0, 10_000).map((key) => bucketOf('r', key));
  expect(buckets.some((b) => isNewBucket(b, 0))).toBe(false);
  expect(buckets.every((b) => isNewBucket(b, 100))).toBe(true);
});
