// A lock file next to routes.yaml, so processes sharing the file (replicas on one volume, cluster
// workers) change it one at a time: read, check the expected hash, write — with no lost update between.
import { open, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A lock older than this was left by a process that died while holding it. */
export const STALE_LOCK_MS = 10_000;
const WAIT_STEP_MS = 20;
export const LOCK_WAIT_MS = 5_000;

export class ConfigFileLockedError extends Error {
  constructor(readonly lockFile: string) {
    super(
      `${lockFile} is held by another process for more than ${LOCK_WAIT_MS / 1000} s — retry; remove it if no Strangler is writing`,
    );
    this.name = 'ConfigFileLockedError';
  }
}

export function lockFileOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.lock`);
}

/** Runs `work` holding the lock file of `file`. */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lockFile = lockFileOf(file);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockFile).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lockFile, { force: true });
      else if (Date.now() > deadline) throw new ConfigFileLockedError(lockFile);
      else await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}
