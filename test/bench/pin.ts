// CPU pinning for the benchmarks: the process under test on core 1, the load generator and the upstream on
// core 0 (`taskset`, when present), so the proxy does not fight its own load for a core.
import { spawnSync } from 'node:child_process';

export const PROXY_CORE = 1;
export const LOAD_CORE = 0;

export const tasksetAvailable: boolean = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** Pins a running process (all its threads) to one core; false when taskset is missing or refused. */
export function pin(pid: number, core: number): boolean {
  if (!tasksetAvailable) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' }).status === 0;
}

export function pinningNote(): string {
  return tasksetAvailable
    ? `pinned with taskset: proxy under test on core ${PROXY_CORE}, load generator + upstream on core ${LOAD_CORE}`
    : 'not pinned (taskset not found): load generator, upstream and proxy share every core';
}
