// Time for the ramp controller, injectable so tests can move an interval forward at once.
export interface Clock {
  now(): number;
  /** `fn` may return a promise; a test clock awaits it before its `advance` resolves. */
  setTimeout(fn: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** `500ms`, `60s`, `5m`, `1h` (the format routes.yaml's ramp.interval takes) in milliseconds. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration — write e.g. 500ms, 60s, 5m or 1h`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}
