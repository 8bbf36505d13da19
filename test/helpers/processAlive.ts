// Whether a process (a worker whose pid it logged) still exists: signal 0 checks without signalling.
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of the workers that logged 'worker listening' so far. */
export function listeningWorkers(logs: Array<Record<string, unknown>>): number[] {
  return logs.filter((line) => line.msg === 'worker listening').map((line) => Number(line.worker));
}
