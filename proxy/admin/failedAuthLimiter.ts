// Slows down token guessing: after too many failed attempts from one client address within a window,
// every request from it answers 429 with Retry-After until the window ends.
export const MAX_FAILED_AUTH_ATTEMPTS = 10;
export const FAILED_AUTH_WINDOW_MS = 60_000;

export interface FailedAuthLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

export class FailedAuthLimiter {
  private readonly failures = new Map<string, { count: number; windowEnds: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: FailedAuthLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? MAX_FAILED_AUTH_ATTEMPTS;
    this.windowMs = options.windowMs ?? FAILED_AUTH_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  /** Seconds the client must wait, or 0 when it may try. */
  retryAfterSeconds(client: string): number {
    const entry = this.failures.get(client);
    if (!entry) return 0;
    const remaining = entry.windowEnds - this.now();
    if (remaining <= 0) {
      this.failures.delete(client);
      return 0;
    }
    return entry.count >= this.maxFailures ? Math.ceil(remaining / 1000) : 0;
  }

  recordFailure(client: string): void {
    const now = this.now();
    this.prune(now);
    const entry = this.failures.get(client);
    if (entry && entry.windowEnds > now) entry.count++;
    else this.failures.set(client, { count: 1, windowEnds: now + this.windowMs });
  }

  /** Keeps memory bounded when many addresses fail once. */
  private prune(now: number): void {
    if (this.failures.size < 10_000) return;
    for (const [client, entry] of this.failures) if (entry.windowEnds <= now) this.failures.delete(client);
  }
}
