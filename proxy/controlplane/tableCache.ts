// The local cache of the last route table applied from a shared store, so a replica restarted while the
// store is down starts routing on it (fail static). Written atomically after each applied version; a
// missing or unreadable cache just means "no cache" (logged by the caller).
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../config/persist.ts';

export interface CachedTable {
  version: number;
  text: string;
  savedAt: string;
}

export async function readTableCache(file: string): Promise<CachedTable | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = JSON.parse(text) as Partial<CachedTable>;
  if (typeof value.version !== 'number' || typeof value.text !== 'string')
    throw new Error(`${file} is not a route table cache (no version/text)`);
  return { version: value.version, text: value.text, savedAt: String(value.savedAt ?? '') };
}

export async function writeTableCache(file: string, version: number, text: string): Promise<void> {
  const cached: CachedTable = { version, text, savedAt: new Date().toISOString() };
  await writeFileAtomic(file, `${JSON.stringify(cached)}\n`);
}
