// GC cost as the process under test sees it: time, minor collections and bytes the young generation
// promoted to the old one, from V8's GCProfiler (heap space sizes before and after each collection).
// The benchmark asks its target for these over IPC around each run; the load generator never guesses.
import v8 from 'node:v8';

export interface GcStats {
  gcMs: number;
  scavenges: number;
  /** Bytes moved from the young generation to the old (old + large-object space growth across minor GCs). */
  promotedBytes: number;
}

const MINOR = new Set(['Scavenge', 'MinorMarkSweep', 'MinorMarkCompact']);
const OLD_SPACES = new Set(['old_space', 'lo_space']);

interface SpaceStats {
  spaceName: string;
  spaceUsedSize: number;
}
interface GcEntry {
  gcType: string;
  cost: number;
  beforeGC: { heapSpaceStatistics: SpaceStats[] };
  afterGC: { heapSpaceStatistics: SpaceStats[] };
}

const oldUsed = (spaces: SpaceStats[]) =>
  spaces.reduce((sum, s) => (OLD_SPACES.has(s.spaceName) ? sum + s.spaceUsedSize : sum), 0);

/** Starts counting; `read()` returns the totals since start (it restarts the profiler so its list stays short). */
export function startGcMeter(): { read(): GcStats } {
  const totals: GcStats = { gcMs: 0, scavenges: 0, promotedBytes: 0 };
  let profiler = new v8.GCProfiler();
  profiler.start();
  return {
    read() {
      const result = profiler.stop() as unknown as { statistics: GcEntry[] } | undefined;
      profiler = new v8.GCProfiler();
      profiler.start();
      for (const entry of result?.statistics ?? []) {
        totals.gcMs += entry.cost / 1000; // cost is in µs
        if (!MINOR.has(entry.gcType)) continue;
        totals.scavenges++;
        totals.promotedBytes += Math.max(
          0,
          oldUsed(entry.afterGC.heapSpaceStatistics) - oldUsed(entry.beforeGC.heapSpaceStatistics),
        );
      }
      return { ...totals };
    },
  };
}
