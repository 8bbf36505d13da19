// 100 MB without holding 100 MB: one 1 MiB block sent repeatedly, with backpressure.
import { Readable } from 'node:stream';

export const MIB = 1024 * 1024;

export function repeatedBlocks(blocks: number): Readable {
  const block = Buffer.alloc(MIB, 'x');
  return Readable.from(
    (function* () {
      for (let i = 0; i < blocks; i++) yield block;
    })(),
  );
}
