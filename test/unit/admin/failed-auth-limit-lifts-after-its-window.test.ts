import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter } from '../../../proxy/admin/failedAuthLimiter.ts';

describe('failed admin logins per address', () => {
  it('block after the limit with a shrinking Retry-After, then lift when the window ends; other addresses are unaffected', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 2; i++) limiter.recordFailure('10.0.0.1');
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
    limiter.recordFailure('10.0.0.1');
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(60);
    now = 45_500;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(15);
    expect(limiter.retryAfterSeconds('10.0.0.2')).toBe(0);
    now = 60_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });
});

describe('failed admin logins over all addresses', () => {
  it('block everyone once the global budget is spent, and lift when its window ends', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter({ maxFailures: 3, maxGlobalFailures: 5, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 4; i++) limiter.recordFailure(`10.0.0.${i}`);
    expect(limiter.wait('10.0.0.9')).toEqual({ seconds: 0, scope: 'address' });
    now = 30_000;
    limiter.recordFailure('10.0.0.4');
    expect(limiter.wait('10.0.0.9')).toEqual({ seconds: 30, scope: 'global' });
    now = 60_000;
    expect(limiter.wait('10.0.0.9')).toEqual({ seconds: 0, scope: 'address' });
  });
});
