// Writes routes.yaml so that a crash at any moment leaves either the old or the new file, never a torn
// one: temp file in the same directory (same filesystem, so rename is atomic), fsync, rename, fsync dir.
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteHooks {
  /** Runs after the temp file is durable and before the rename (tests crash the process here). */
  beforeRename?: (tempFile: string) => Promise<void>;
}

/** Writes through a symlink to its target, so a linked routes.yaml stays a link. */
export async function writeFileAtomic(file: string, text: string, hooks: AtomicWriteHooks = {}): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const dir = path.dirname(target);
  const tempFile = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tempFile, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeRename?.(tempFile);
    await rename(tempFile, target);
  } catch (error) {
    await rm(tempFile, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; some filesystems refuse to fsync a directory, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}
