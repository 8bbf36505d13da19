// The worker-pool primitive: never more than `size` holders, waiters served in arrival order.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Semaphore, mapWithConcurrency } from '../../../services/domain/concurrency/semaphore.ts';

describe('Semaphore', () => {
  it('lets at most `size` tasks run at once and serves waiters first come, first served', async () => {
    const pool = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        pool.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await sleep(5);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot when a task throws, and a double release does not add a slot', async () => {
    const pool = new Semaphore(1);
    await expect(
      pool.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const release = await pool.acquire();
    release();
    release();
    const first = await pool.acquire();
    let secondAcquired = false;
    void pool.acquire().then(() => (secondAcquired = true));
    await sleep(5);
    expect(secondAcquired).toBe(false);
    first();
  });

  it('maps with bounded concurrency and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapWithConcurrency([30, 10, 20], 1, async (ms) => {
      peak = Math.max(peak, ++running);
      await sleep(ms);
      running--;
      return ms * 2;
    });
    expect(result).toEqual([60, 20, 40]);
    expect(peak).toBe(1);
  });
});
