// Slows down token guessing: after too many failed attempts from one client address within a window,
// every request from it answers 429 with Retry-After until the window ends. A global budget over all
// addresses stops a guesser that rotates source addresses (any of 127.0.0.0/8, an IPv6 /64): past it,
// every request answers 429 until that window ends — a lock-out for everyone, never more guesses.
export const MAX_FAILED_AUTH_ATTEMPTS = 10;
export const MAX_FAILED_AUTH_ATTEMPTS_GLOBAL = 100;
export const FAILED_AUTH_WINDOW_MS = 60_000;

export interface FailedAuthLimiterOptions {
  maxFailures?: number;
  /** Failures from all addresses together within one window. */
  maxGlobalFailures?: number;
  windowMs?: number;
  now?: () => number;
}

interface Window {
  count: number;
  windowEnds: number;
}

export interface AuthWait {
  seconds: number;
  scope: 'address' | 'global';
}

export class FailedAuthLimiter {
  private readonly failures = new Map<string, Window>();
  private global: Window | undefined;
  private readonly maxFailures: number;
  private readonly maxGlobalFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: FailedAuthLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? MAX_FAILED_AUTH_ATTEMPTS;
    this.maxGlobalFailures = options.maxGlobalFailures ?? MAX_FAILED_AUTH_ATTEMPTS_GLOBAL;
    this.windowMs = options.windowMs ?? FAILED_AUTH_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  /** Seconds the client must wait, or 0 when it may try. */
  retryAfterSeconds(client: string): number {
    return this.wait(client).seconds;
  }

  /** How long the client must wait and whether its own address or the global budget is spent. */
  wait(client: string): AuthWait {
    const now = this.now();
    if (this.global && this.global.windowEnds <= now) this.global = undefined;
    if (this.global && this.global.count >= this.maxGlobalFailures) {
      return { seconds: Math.ceil((this.global.windowEnds - now) / 1000), scope: 'global' };
    }
    const entry = this.failures.get(client);
    if (!entry) return { seconds: 0, scope: 'address' };
    const remaining = entry.windowEnds - now;
    if (remaining <= 0) {
      this.failures.delete(client);
      return { seconds: 0, scope: 'address' };
    }
    return { seconds: entry.count >= this.maxFailures ? Math.ceil(remaining / 1000) : 0, scope: 'address' };
  }

  recordFailure(client: string): void {
    const now = this.now();
    this.prune(now);
    this.global = countIn(this.global, now, this.windowMs);
    this.failures.set(client, countIn(this.failures.get(client), now, this.windowMs));
  }

  /** Keeps memory bounded when many addresses fail once. */
  private prune(now: number): void {
    if (this.failures.size < 10_000) return;
    for (const [client, entry] of this.failures) if (entry.windowEnds <= now) this.failures.delete(client);
  }
}

function countIn(window: Window | undefined, now: number, windowMs: number): Window {
  if (window && window.windowEnds > now) return { count: window.count + 1, windowEnds: window.windowEnds };
  return { count: 1, windowEnds: now + windowMs };
}
