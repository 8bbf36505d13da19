// The terminal form of the log: one readable line per entry, chosen only for a terminal or on request.
import { describe, expect, it } from 'vitest';
import { readableLogLine, wantsReadableLogs } from '../../../proxy/logging/readableLog.ts';

const TIME = new Date(2026, 0, 1, 12, 0, 1).getTime();

describe('readable log lines', () => {
  it('writes a request as time, method, status, route → backend and duration', () => {
    const json = JSON.stringify({
      level: 30,
      time: TIME,
      pid: 1,
      hostname: 'h',
      requestId: 'r1',
      route: 'orders',
      backend: 'new',
      method: 'GET',
      status: 200,
      durationMs: 3.25,
    });
    expect(readableLogLine(`${json}\n`)).toBe('12:00:01 GET 200 orders → new 3.25 ms  req=r1\n');
    const failed = JSON.stringify({
      level: 30,
      time: TIME,
      requestId: 'r2',
      route: 'unmatched',
      backend: 'legacy',
      method: 'POST',
      status: 502,
      durationMs: 1,
      worker: 7,
    });
    expect(readableLogLine(failed)).toBe('12:00:01 POST 502 unmatched → legacy 1 ms ✗  req=r2\n');
  });

  it('writes other entries as time, level, message and their fields; the URLs as a list', () => {
    const warn = JSON.stringify({
      level: 40,
      time: TIME,
      pid: 1,
      hostname: 'h',
      admin: 'http://127.0.0.1:9090',
      msg: 'no admin tokens configured',
    });
    expect(readableLogLine(warn)).toBe('12:00:01 WARN  no admin tokens configured  admin=http://127.0.0.1:9090\n');
    const urls = {
      proxy: 'http://127.0.0.1:8080',
      dashboard: 'http://127.0.0.1:9090/dashboard',
      metrics: 'http://127.0.0.1:9090/metrics',
    };
    expect(readableLogLine(JSON.stringify({ level: 30, time: TIME, urls, msg: 'serving' }))).toBe(
      '12:00:01 Strangler is serving:\n  proxy     http://127.0.0.1:8080\n  dashboard http://127.0.0.1:9090/dashboard\n  metrics   http://127.0.0.1:9090/metrics\n',
    );
    expect(readableLogLine('not json')).toBe('not json\n');
  });

  it('is chosen for a terminal, JSON otherwise; STRANGLER_LOG_FORMAT forces either', () => {
    expect(wantsReadableLogs(true, undefined)).toBe(true);
    expect(wantsReadableLogs(undefined, undefined)).toBe(false);
    expect(wantsReadableLogs(false, undefined)).toBe(false);
    expect(wantsReadableLogs(true, 'json')).toBe(false);
    expect(wantsReadableLogs(false, 'pretty')).toBe(true);
  });
});
