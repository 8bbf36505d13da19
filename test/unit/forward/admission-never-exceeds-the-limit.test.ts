// Property test of the admission pool (proxy/forward/admission.ts), seeded: random arrivals, finishes,
// clients leaving (queued or in flight) and clock jumps past the queue timeout. Whatever the sequence, a
// pool never has more than maxConcurrent in flight or more than maxQueue waiting, requests start in
// arrival order, each request gets exactly one outcome, and once everything ended nothing is held.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createAdmission, OverloadedError, type Release } from '../../../proxy/forward/admission.ts';
import type { AdmissionTarget } from '../../../proxy/routing/routeTable.ts';
import { snapshotOf } from '../../helpers/proxy.ts';

/** Just what admission uses of a response: 'close' and `destroyed`. */
class FakeResponse extends EventEmitter {
  destroyed = false;
  leave(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

type Op =
  | { kind: 'arrive' }
  | { kind: 'finish'; pick: number }
  | { kind: 'leave'; pick: number }
  | { kind: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'arrive' as const }) },
  { weight: 3, arbitrary: fc.nat(1000).map((pick) => ({ kind: 'finish' as const, pick })) },
  { weight: 2, arbitrary: fc.nat(1000).map((pick) => ({ kind: 'leave' as const, pick })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 150 }).map((ms) => ({ kind: 'wait' as const, ms })) },
);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

it('never over maxConcurrent or maxQueue, FIFO, one outcome each, nothing held at the end', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        maxConcurrent: fc.integer({ min: 1, max: 5 }),
        maxQueue: fc.integer({ min: 0, max: 6 }),
        queueTimeoutMs: fc.constant(100),
      }),
      fc.array(op, { minLength: 1, maxLength: 120 }),
      async (limits, ops) => {
        const admission = createAdmission();
        const target: AdmissionTarget = { key: 'legacy', limits };
        const running: Array<{ id: number; release: Release; res: FakeResponse }> = [];
        const waiting: Array<{ id: number; res: FakeResponse }> = [];
        const outcomes = new Map<number, string[]>();
        const started: number[] = [];
        let next = 0;
        const load = () => admission.load().find((pool) => pool.key === 'legacy') ?? { inFlight: 0, queued: 0 };
        const note = (id: number, outcome: string) => outcomes.set(id, [...(outcomes.get(id) ?? []), outcome]);

        for (const step of ops) {
          if (step.kind === 'arrive') {
            const id = next++;
            const res = new FakeResponse();
            waiting.push({ id, res });
            admission.enter(
              target,
              res as unknown as ServerResponse,
              (release) => {
                note(id, 'started');
                started.push(id);
                waiting.splice(
                  waiting.findIndex((w) => w.id === id),
                  1,
                );
                running.push({ id, release, res });
                expect(load().inFlight).toBeLessThanOrEqual(limits.maxConcurrent);
              },
              (error) => {
                note(id, error instanceof OverloadedError ? error.reason : 'left');
                const at = waiting.findIndex((w) => w.id === id);
                if (at !== -1) waiting.splice(at, 1);
              },
            );
          } else if (step.kind === 'finish' && running.length > 0) {
            const [done] = running.splice(step.pick % running.length, 1);
            done!.release();
            done!.release(); // a second release must not free a second slot
          } else if (step.kind === 'leave') {
            // A client leaving while in flight: the forwarder settles and releases; while queued: admission sees 'close'.
            const all: Array<{ id: number; res: FakeResponse; release?: Release }> = [...running, ...waiting];
            if (all.length === 0) continue;
            const gone = all[step.pick % all.length]!;
            gone.res.leave();
            if (gone.release) {
              running.splice(
                running.findIndex((r) => r.id === gone.id),
                1,
              );
              gone.release();
            }
          } else if (step.kind === 'wait') vi.advanceTimersByTime(step.ms);
          await settle();
          expect(load().inFlight).toBe(running.length);
          expect(load().inFlight).toBeLessThanOrEqual(limits.maxConcurrent);
          expect(load().queued).toBeLessThanOrEqual(limits.maxQueue);
        }
        expect(started).toEqual([...started].sort((a, b) => a - b));
        // Let everything end: the running finish, the rest time out of the queue.
        while (running.length > 0 || load().queued > 0) {
          for (const r of running.splice(0)) r.release();
          await settle();
          vi.advanceTimersByTime(limits.queueTimeoutMs);
          await settle();
        }
        expect(load()).toMatchObject({ inFlight: 0, queued: 0 });
        for (let id = 0; id < next; id++)
          expect(outcomes.get(id)?.length, `request ${id}: ${outcomes.get(id)}`).toBe(1);
      },
    ),
    { seed: 1207, numRuns: 300 },
  );
});

it('a reload that lowers maxConcurrent admits nobody new until in flight is below it, and drops nothing', async () => {
  const admission = createAdmission();
  const releases: Release[] = [];
  const starts: number[] = [];
  const enter = (id: number, limits: AdmissionTarget['limits']) =>
    admission.enter(
      { key: 'legacy', limits },
      new FakeResponse() as unknown as ServerResponse,
      (release) => {
        starts.push(id);
        releases.push(release);
      },
      () => starts.push(-id),
    );
  const wide = { maxConcurrent: 3, maxQueue: 10, queueTimeoutMs: 10_000 };
  const narrow = { ...wide, maxConcurrent: 1 };
  for (const id of [1, 2, 3]) enter(id, wide);
  enter(4, narrow);
  await settle();
  expect(starts).toEqual([1, 2, 3]);
  releases.shift()!();
  releases.shift()!();
  await settle();
  expect(starts).toEqual([1, 2, 3]); // 1 still in flight: not below the new limit of 1
  releases.shift()!();
  await settle();
  expect(starts).toEqual([1, 2, 3, 4]);
});

it('a request still on an older snapshot cannot put back the limits a reload configured', async () => {
  const admission = createAdmission();
  admission.configure(
    snapshotOf({ backends: { legacy: { url: 'http://127.0.0.1:9', maxConcurrent: 1, maxQueue: 5 } } }),
  );
  const stale: AdmissionTarget = { key: 'legacy', limits: { maxConcurrent: 5, maxQueue: 5, queueTimeoutMs: 1_000 } };
  const starts: number[] = [];
  for (const id of [1, 2])
    admission.enter(
      stale,
      new FakeResponse() as unknown as ServerResponse,
      () => starts.push(id),
      () => starts.push(-id),
    );
  await settle();
  expect(starts).toEqual([1]);
  expect(admission.load()).toEqual([{ key: 'legacy', inFlight: 1, queued: 1 }]);
});
