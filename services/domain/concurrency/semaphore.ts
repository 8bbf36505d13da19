// A FIFO async semaphore: models a fixed pool of workers without blocking the event loop.

export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error(`Semaphore size must be at least 1, got ${size}`);
    this.available = size;
  }

  /** Resolves with a release function once a slot is free; waiters are served first come, first served. */
  async acquire(): Promise<() => void> {
    if (this.available > 0) this.available -= 1;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.available += 1;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/** Maps items with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const slots = new Semaphore(Math.max(1, Math.min(limit, items.length || 1)));
  return Promise.all(items.map((item) => slots.run(() => fn(item))));
}
