import fc from 'fast-check';
import { expect, it } from 'vitest';
import { bucketOf, isNewBucket } from '../../../proxy/routing/bucket.ts';

const KEYS = Array.from({ length: 50_000 }, (_, i) => `cookie:session=s${i}`);

it('at 50 % on two routes, the clients on new for one are a fresh half for the other', () => {
  fc.assert(
    fc.property(
      fc.tuple(fc.string({ minLength: 1 }), fc.string({ minLength: 1 })).filter(([a, b]) => a !== b),
      ([saltA, saltB]) => {
        const onBoth = KEYS.filter(
          (key) => isNewBucket(bucketOf(saltA, key), 50) && isNewBucket(bucketOf(saltB, key), 50),
        ).length;
        // Independent routes put 25 % on both; the same early adopters on every route would put 50 %.
        expect(Math.abs(onBoth / KEYS.length - 0.25)).toBeLessThan(0.015);
      },
    ),
    { numRuns: 10 },
  );
});
