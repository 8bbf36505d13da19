// Per-backend admission (issue 12 item 7; Envoy calls these circuit breakers): at most `maxConcurrent`
// requests in flight to one backend per process; the next `maxQueue` wait at the proxy in arrival order for
// at most `queueTimeoutMs`; the rest are shed with 503 OVERLOADED. A burst then waits here instead of piling
// onto a legacy with a handful of sync workers. Pools outlive config snapshots, so a reload changes the
// limits of the pool it names without touching what is in flight or queued.
import type { ServerResponse } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';
import type { AdmissionLimits, AdmissionTarget, Snapshot } from '../routing/routeTable.ts';

export type ShedReason = 'queue_full' | 'queue_timeout';

/** The 503 OVERLOADED of one shed request, with what the metrics need: the pool and why. */
export class OverloadedError extends ProxyError {
  constructor(
    readonly upstream: string,
    readonly reason: ShedReason,
    limits: AdmissionLimits,
  ) {
    const why =
      reason === 'queue_full'
        ? `${limits.maxConcurrent} in flight and ${limits.maxQueue} queued (maxQueue)`
        : `no slot within ${limits.queueTimeoutMs} ms (queueTimeoutMs)`;
    super('OVERLOADED', { cause: new Error(`backend ${upstream}: ${why}`) });
  }
}

/** One pool's load, read at scrape time (gauges) and by tests. */
export interface PoolLoad {
  key: string;
  inFlight: number;
  queued: number;
}

/** Ends an admitted exchange; safe to call more than once (only the first call frees the slot). */
export type Release = () => void;

interface Waiter {
  res: ServerResponse;
  start: (release: Release) => void;
  refuse: (error: OverloadedError | undefined) => void;
  timer: NodeJS.Timeout;
  onClose: () => void;
}

class Pool {
  inFlight = 0;
  /** A Set keeps insertion order and deletes in O(1): the FIFO queue, left early by clients that go away. */
  readonly queue = new Set<Waiter>();

  constructor(
    readonly key: string,
    public limits: AdmissionLimits,
  ) {}

  /** A reload's new limits apply at once: a raised maxConcurrent admits waiters now, a lowered one as slots free. */
  update(limits: AdmissionLimits): void {
    const now = this.limits;
    this.limits = limits;
    if (now.maxConcurrent !== limits.maxConcurrent) this.pump();
  }

  hasRoom(): boolean {
    return this.inFlight < this.limits.maxConcurrent && this.queue.size === 0;
  }

  take(): Release {
    this.inFlight++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.inFlight--;
      this.pump();
    };
  }

  /** Hands free slots to the oldest waiters. The slot is taken now; the exchange starts after this call stack. */
  pump(): void {
    while (this.inFlight < this.limits.maxConcurrent && this.queue.size > 0) {
      const waiter = this.queue.values().next().value!;
      this.leave(waiter);
      const release = this.take();
      queueMicrotask(() => {
        if (waiter.res.destroyed) {
          release();
          waiter.refuse(undefined);
        } else waiter.start(release);
      });
    }
  }

  leave(waiter: Waiter): void {
    this.queue.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.res.off('close', waiter.onClose);
  }
}

export interface Admission {
  /**
   * Runs `start` when `target`'s pool has a slot (now, or when one frees up in arrival order), giving it the
   * slot's release; `refuse` gets an OverloadedError when the request is shed, or undefined when its client
   * went away while it waited (nothing to answer). Without a target the request is not limited.
   */
  enter(
    target: AdmissionTarget | undefined,
    res: ServerResponse,
    start: (release: Release) => void,
    refuse: (error: OverloadedError | undefined) => void,
  ): void;
  /** A slot only if one is free and nobody waits (shadow copies: shed first, never queued ahead of clients). */
  tryTake(target: AdmissionTarget | undefined): Release | undefined;
  /** Applies a snapshot's limits to their pools now (start-up and every reload), creating missing pools. */
  configure(snapshot: Snapshot): void;
  load(): PoolLoad[];
}

/** Every admission pool a snapshot names: legacy and each route's upstream for new. */
export function admissionTargetsOf(snapshot: Snapshot): AdmissionTarget[] {
  const targets = snapshot.legacy.admission ? [snapshot.legacy.admission] : [];
  for (const route of snapshot.routes) {
    if (route.newTarget.kind === 'upstream' && route.newTarget.upstream.admission)
      targets.push(route.newTarget.upstream.admission);
  }
  return targets;
}

const unlimited: Release = () => {};

export function createAdmission(): Admission {
  const pools = new Map<string, Pool>();
  /** Pools whose limits come from configure(): a request still on an older snapshot must not change them back. */
  const configured = new Set<string>();
  const poolOf = (target: AdmissionTarget, authoritative = false): Pool => {
    let pool = pools.get(target.key);
    if (!pool) {
      pool = new Pool(target.key, target.limits);
      pools.set(target.key, pool);
    } else if ((authoritative || !configured.has(target.key)) && pool.limits !== target.limits) {
      if (sameLimits(pool.limits, target.limits))
        pool.limits = target.limits; // keep the newest object: the cheap check hits
      else pool.update(target.limits);
    }
    if (authoritative) configured.add(target.key);
    return pool;
  };

  return {
    enter(target, res, start, refuse) {
      if (!target) return start(unlimited);
      if (res.destroyed) return refuse(undefined);
      const pool = poolOf(target);
      if (pool.hasRoom()) return start(pool.take());
      const { maxQueue, queueTimeoutMs } = pool.limits;
      if (pool.queue.size >= maxQueue) return refuse(new OverloadedError(pool.key, 'queue_full', pool.limits));
      const waiter: Waiter = {
        res,
        start,
        refuse,
        timer: setTimeout(() => {
          pool.leave(waiter);
          refuse(new OverloadedError(pool.key, 'queue_timeout', pool.limits));
        }, queueTimeoutMs),
        onClose: () => {
          pool.leave(waiter);
          refuse(undefined);
        },
      };
      pool.queue.add(waiter);
      res.once('close', waiter.onClose);
    },
    tryTake(target) {
      if (!target) return unlimited;
      const pool = poolOf(target);
      return pool.hasRoom() ? pool.take() : undefined;
    },
    configure(snapshot) {
      for (const target of admissionTargetsOf(snapshot)) poolOf(target, true);
    },
    load: () =>
      [...pools.values()].map((pool) => ({ key: pool.key, inFlight: pool.inFlight, queued: pool.queue.size })),
  };
}

function sameLimits(a: AdmissionLimits, b: AdmissionLimits): boolean {
  return a.maxConcurrent === b.maxConcurrent && a.maxQueue === b.maxQueue && a.queueTimeoutMs === b.queueTimeoutMs;
}
