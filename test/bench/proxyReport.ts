// Turns the benchmark's per-round samples into per-target means, ratios and the README table.
import type { FixedRateResult } from './proxyFixedRate.ts';

export interface RoundSample {
  target: string;
  round: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the serving process per request answered (for the proxies: the proxy's own cost). */
  cpuUsPerRequest: number;
  errors: number;
}

export type TargetSummary = Omit<RoundSample, 'round'>;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function summarize(samples: RoundSample[]): TargetSummary[] {
  const names = [...new Set(samples.map((s) => s.target))];
  return names.map((target) => {
    const mine = samples.filter((s) => s.target === target);
    return {
      target,
      rps: Math.round(mean(mine.map((s) => s.rps))),
      p50Ms: mean(mine.map((s) => s.p50Ms)),
      p99Ms: mean(mine.map((s) => s.p99Ms)),
      cpuUsPerRequest: Math.round(mean(mine.map((s) => s.cpuUsPerRequest)) * 10) / 10,
      errors: mine.reduce((a, s) => a + s.errors, 0),
    };
  });
}

interface TableContext {
  fixedRate: number;
  direct: FixedRateResult;
  proxied: FixedRateResult;
  addedP99Ms: number;
  connections: number;
  seconds: number;
  rounds: number;
}

export function markdownTable(summary: TargetSummary[], context: TableContext): string {
  const find = (prefix: string) => summary.find((s) => s.target.startsWith(prefix));
  const legacyPath = find('strangler, weight 0');
  const ratio = (other: TargetSummary | undefined) => (legacyPath && other ? `${(legacyPath.rps / other.rps).toFixed(2)}×` : 'n/a');
  // Requests per CPU-second: what the throughput ratio would be with a core to itself.
  const cpuRatio = (other: TargetSummary | undefined) => (legacyPath && other ? `${(other.cpuUsPerRequest / legacyPath.cpuUsPerRequest).toFixed(2)}×` : 'n/a');
  const rows = summary.map((s) => `| ${s.target} | ${s.rps} | ${s.p50Ms.toFixed(1)} | ${s.p99Ms.toFixed(1)} | ${s.cpuUsPerRequest} | ${s.errors} |`);
  return [
    `${context.rounds} interleaved rounds × ${context.seconds} s, ${context.connections} connections, small GET (256-byte JSON), autocannon; means over rounds.`,
    '',
    '| path | req/s | p50 ms | p99 ms | CPU µs/req (serving process) | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Legacy path vs plain http-proxy: **${ratio(find('plain http-proxy'))}** by req/s, ${cpuRatio(find('plain http-proxy'))} by CPU per request (target ≥ 1.5×); vs nginx: **${ratio(find('nginx'))}** by req/s, ${cpuRatio(find('nginx'))} by CPU per request (aim ≥ 0.5×); vs the bare undici forwarder (forwarding alone): ${ratio(find('bare undici'))} by req/s, ${cpuRatio(find('bare undici'))} by CPU per request; vs legacy direct: ${ratio(find('legacy direct'))} by req/s.`,
    '',
    `At a fixed ${context.fixedRate} req/s (open loop): legacy direct p50 ${context.direct.p50Ms} ms / p99 ${context.direct.p99Ms} ms; through Strangler (weight 0) p50 ${context.proxied.p50Ms} ms / p99 ${context.proxied.p99Ms} ms — **p99 added ${context.addedP99Ms} ms** (target ≤ 2 ms).`,
  ].join('\n');
}
