// Turns the benchmark's per-round samples into per-row means, the target ratios and the README table.
import type { FixedRateResult } from './proxyFixedRate.ts';

export interface RoundSample {
  target: string;
  round: number;
  rps: number;
  /** CPU time of the serving process per request answered (for the proxies: the proxy's own cost). */
  cpuUsPerRequest: number;
  gcMsPer10k: number;
  scavengesPer10k: number;
  promotedKbPer10k: number;
  errors: number;
}

export type FixedRateSample = FixedRateResult & { target: string; round: number };

export interface RowSummary {
  target: string;
  rps: number;
  cpuUsPerRequest: number;
  gcMsPer10k: number;
  scavengesPer10k: number;
  promotedKbPer10k: number;
  errors: number;
  /**
   * Per fixed rate: each percentile's median over the rounds, the worst round's p99, the max over all
   * rounds and the failures summed. The median keeps one round a host stall hit (seen on direct as often
   * as on the proxies) from standing for the row; the worst p99 and the max still show that it happened.
   */
  fixed: Record<
    number,
    { p50Us: number; p99Us: number; p999Us: number; maxUs: number; worstP99Us: number; failed: number }
  >;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

export function summarize(samples: RoundSample[], fixed: FixedRateSample[]): RowSummary[] {
  const names = [...new Set(samples.map((s) => s.target))];
  return names.map((target) => {
    const mine = samples.filter((s) => s.target === target);
    const rates = [...new Set(fixed.map((f) => f.rate))];
    const fixedByRate: RowSummary['fixed'] = {};
    for (const rate of rates) {
      const runs = fixed.filter((f) => f.target === target && f.rate === rate);
      const of = (key: 'p50Us' | 'p99Us' | 'p999Us' | 'maxUs') => runs.map((r) => r[key]);
      fixedByRate[rate] = {
        p50Us: median(of('p50Us')),
        p99Us: median(of('p99Us')),
        p999Us: median(of('p999Us')),
        maxUs: Math.max(...of('maxUs')),
        worstP99Us: Math.max(...of('p99Us')),
        failed: runs.reduce((a, r) => a + r.failed, 0),
      };
    }
    return {
      target,
      rps: Math.round(mean(mine.map((s) => s.rps))),
      cpuUsPerRequest: oneDecimal(mean(mine.map((s) => s.cpuUsPerRequest))),
      gcMsPer10k: oneDecimal(mean(mine.map((s) => s.gcMsPer10k))),
      scavengesPer10k: oneDecimal(mean(mine.map((s) => s.scavengesPer10k))),
      promotedKbPer10k: Math.round(mean(mine.map((s) => s.promotedKbPer10k))),
      errors: mine.reduce((a, s) => a + s.errors, 0),
      fixed: fixedByRate,
    };
  });
}

interface TableContext {
  method: string[];
  date: string;
  machine: string;
}

const na = (value: number) => (Number.isFinite(value) ? String(value) : 'n/a');
const ms = (us: number) => (Number.isFinite(us) ? (us / 1000).toFixed(2) : 'failed');

export function markdownTable(summary: RowSummary[], context: TableContext): string {
  const find = (prefix: string) => summary.find((s) => s.target.startsWith(prefix));
  const legacyPath = find('strangler legacy path');
  const direct = find('legacy direct');
  const ratio = (of: RowSummary | undefined, to: RowSummary | undefined) =>
    of && to ? `${(of.rps / to.rps).toFixed(2)}×` : 'n/a';
  const fixedCell = (row: RowSummary, rate: number) => {
    const f = row.fixed[rate];
    return f ? `${ms(f.p50Us)} / ${ms(f.p99Us)} / ${ms(f.p999Us)} / ${ms(f.maxUs)} / ${f.failed}` : 'n/a';
  };
  const rows = summary.map(
    (s) =>
      `| ${s.target} | ${s.rps} | ${s.cpuUsPerRequest} | ${fixedCell(s, 2000)} | ${fixedCell(s, 5000)} | ${na(s.gcMsPer10k)} | ${na(s.scavengesPer10k)} | ${na(s.promotedKbPer10k)} | ${s.errors} |`,
  );
  const added = (rate: number, key: 'p99Us' | 'p999Us') =>
    legacyPath?.fixed[rate] && direct?.fixed[rate]
      ? ((legacyPath.fixed[rate]![key] - direct.fixed[rate]![key]) / 1000).toFixed(2)
      : 'n/a';
  return [
    `${context.date.slice(0, 16).replace('T', ' ')} UTC, ${context.machine}.`,
    '',
    ...context.method.map((line) => `- ${line}`),
    '',
    '| row | req/s | CPU µs/req | 2,000 req/s: p50 / p99 / p99.9 / max ms / failed | 5,000 req/s: p50 / p99 / p99.9 / max ms / failed | GC ms /10k req | minor GCs /10k req | promoted KiB /10k req | errors (flat out) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Legacy path vs the fastify peer: ${ratio(legacyPath, find('fastify'))} (target ≥ 1.5×); vs nginx: ${ratio(legacyPath, find('nginx'))} (target ≥ 0.5×); ` +
      `vs plain http-proxy: ${ratio(legacyPath, find('plain http-proxy'))}; in-process handler vs legacy path: ${ratio(find('strangler in-process'), legacyPath)} (target ≥ 1×). ` +
      `Added over direct at 2,000 req/s (medians of the rounds): p99 ${added(2000, 'p99Us')} ms (target ≤ 3 ms), p99.9 ${added(2000, 'p999Us')} ms (target ≤ 10 ms); ` +
      `worst round's p99, legacy path ${ms(legacyPath?.fixed[2000]?.worstP99Us ?? Number.NaN)} ms, direct ${ms(direct?.fixed[2000]?.worstP99Us ?? Number.NaN)} ms.`,
  ].join('\n');
}
