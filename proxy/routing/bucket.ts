// Sticky bucketing: MurmurHash3 (x86, 32-bit, seed 0) of UTF-8 `salt + "\n" + key`, reduced to 0..9999.
// A well-known hash, so every replica (and any other language) computes the same bucket for the same client.
import murmur from 'murmurhash3js-revisited';

export const BUCKET_COUNT = 10_000;
const encoder = new TextEncoder();

export function bucketOf(salt: string, key: string): number {
  return murmur.x86.hash32(encoder.encode(`${salt}\n${key}`)) % BUCKET_COUNT;
}

/** A weight of 12.34 % sends buckets 0..1233 to new: raising it only ever adds buckets. */
export function isNewBucket(bucket: number, weightPercent: number): boolean {
  return bucket < Math.round(weightPercent * 100);
}
