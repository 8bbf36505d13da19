import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { bucketOf } from '../../../proxy/routing/bucket.ts';

const script = fileURLToPath(new URL('../../helpers/printBuckets.ts', import.meta.url));

function bucketsInChildProcess(salt: string, keys: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', script], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as number[]),
    );
    child.stdin!.end(JSON.stringify({ salt, keys }));
  });
}

it('another process computes the same bucket for every salt and key (unicode included)', async () => {
  const samples = fc.sample(fc.tuple(fc.string({ minLength: 1, unit: 'grapheme' }), fc.string({ unit: 'grapheme' })), {
    numRuns: 500,
    seed: 7,
  });
  const salt = 'orders';
  const keys = samples.map(([a, b]) => `${a}|${b}`);
  const here = keys.map((key) => bucketOf(salt, key));
  expect(await bucketsInChildProcess(salt, keys)).toEqual(here);
  expect(new Set(here).size).toBeGreaterThan(400); // not a constant function
});

it('the bucket is a pinned function (MurmurHash3 x86-32, seed 0, of "salt\\nkey", mod 10000)', () => {
  // Pinned so a change of hash or separator, which would reshuffle every client, fails here.
  expect(bucketOf('orders', 'header:x-user-id=42')).toBe(9210);
  expect(bucketOf('orders\nheader:x-user-id=4', '2')).not.toBe(9210);
});
