// Latency at a fixed request rate (open loop): requests are started on a schedule, not when the previous
// one answers, and each latency is timed from its scheduled send (or its actual send, when that came
// earlier), so neither a slow response nor a late load generator can hide the queueing it causes
// (coordinated omission). Microsecond timing, unlike autocannon's whole-millisecond histogram. Failed
// requests (socket errors, non-2xx) are counted and reported, never dropped from the percentiles
// silently: a failure counts as the slowest latency.
import http from 'node:http';

export interface FixedRateResult {
  rate: number;
  sent: number;
  failed: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

/** A request still unanswered this long after the last scheduled send counts as failed (the row cannot keep up). */
export const GRACE_MS = 2_000;

export async function latencyAtFixedRate(url: string, rate: number, durationMs: number): Promise<FixedRateResult> {
  // Enough sockets that a brief stall never makes requests wait for a free one (that would be our queue, not the proxy's).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  const total = Math.round((rate * durationMs) / 1_000);
  // Nothing per request outlives its answer: a promise or request kept per send (25,000 of them at 5,000 req/s)
  // made the generator's own scavenges promote everything, and its pauses showed up as every row's p99.
  const latencies = new Float64Array(total);
  let answered = 0;
  let failed = 0;
  const pending = new Set<http.ClientRequest>();
  let allAnswered: () => void = () => {};
  const everyAnswer = new Promise<void>((resolve) => (allAnswered = resolve));
  const send = (from: number) => {
    let settled = false;
    const settle = (latency: number) => {
      if (settled) return;
      settled = true;
      pending.delete(req);
      latencies[answered++] = latency;
      if (answered === total) allAnswered();
    };
    const fail = () => {
      if (!settled) failed++;
      settle(Number.POSITIVE_INFINITY);
    };
    const req = http.get({ host: target.hostname, port: target.port, path: target.pathname, agent }, (res) => {
      res.resume();
      res.on('error', fail);
      res.on('close', fail); // destroyed mid-body at the deadline; a no-op after 'end'
      res.on('end', () => {
        if (res.statusCode !== 200) return fail();
        settle(performance.now() - from);
      });
    });
    req.on('error', fail);
    pending.add(req);
  };
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1_000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Timers fire to the millisecond, so a request may go out up to 1 ms before its slot: time it from when
    // it was sent then (a late one still counts from its slot), or a fast row's p50 comes out negative.
    send(Math.min(due, performance.now()));
  }
  // Every answer, or the deadline: requests still queued or in flight then fail.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>(
    (resolve) => (timer = setTimeout(resolve, Math.max(0, started + durationMs + GRACE_MS - performance.now()))),
  );
  await Promise.race([everyAnswer, deadline]);
  clearTimeout(timer);
  for (const req of pending) req.destroy(new Error('no answer before the deadline'));
  if (answered < total) await everyAnswer;
  agent.destroy();
  latencies.sort();
  const at = (q: number) => latencies[Math.min(total - 1, Math.floor(q * total))] ?? Number.NaN;
  const us = (ms: number) => (Number.isFinite(ms) ? Math.round(ms * 1_000) : ms);
  return {
    rate,
    sent: total,
    failed,
    p50Us: us(at(0.5)),
    p99Us: us(at(0.99)),
    p999Us: us(at(0.999)),
    maxUs: us(at(1)),
  };
}
