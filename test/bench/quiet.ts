// Waits until the machine is quiet before a measured run, so a row cannot pay for the previous one: a row
// pushed past what it can serve (an open-loop rate above its capacity, the unpinned --workers row) could
// still be working through its backlog on the cores the next row uses. A guard, not a cure: in the runs of
// 2026-12-02 every run found the machine quiet within one sample (docs/BENCHMARKS.md "Open-loop tail").
import { readFile } from 'node:fs/promises';

/** Quiet: the busiest core at most this busy over one sample. */
const MAX_BUSY_SHARE = 0.15;
const SAMPLE_MS = 200;

/** Per core: [busy, total] jiffies so far, from /proc/stat; empty where there is no /proc. */
async function coreTimes(): Promise<Array<[number, number]>> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '');
  return stat
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1, 9).map(Number);
      const busy = user! + nice! + system! + irq! + softirq! + steal!;
      return [busy, busy + idle! + iowait!];
    });
}

/** Resolves once no core was busier than MAX_BUSY_SHARE over a SAMPLE_MS sample, or after `maxMs`; the ms waited. */
export async function waitForQuiet(maxMs = 15_000): Promise<number> {
  const started = performance.now();
  let before = await coreTimes();
  while (performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const after = await coreTimes();
    const busiest = Math.max(
      0,
      ...after.map(([busy, total], i) => (busy - before[i]![0]) / Math.max(1, total - before[i]![1])),
    );
    if (busiest <= MAX_BUSY_SHARE) break;
    before = after;
  }
  return Math.round(performance.now() - started);
}
