// Run as a child process: reads `{ salt, keys }` JSON on stdin, prints the bucket of every key as JSON.
import { bucketOf } from '../../proxy/routing/bucket.ts';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => (input += chunk));
process.stdin.on('end', () => {
  const { salt, keys } = JSON.parse(input) as { salt: string; keys: string[] };
  process.stdout.write(JSON.stringify(keys.map((key) => bucketOf(salt, key))));
});
