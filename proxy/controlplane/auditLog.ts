// The audit trail of applied weight changes, one JSON object per line. With a file it survives restarts
// (appends are serialized by the config change lock); without one it lives in memory. A line torn by a
// crash mid-append is never silently dropped: readers are told which lines could not be read, and the
// next append starts on a fresh line so the new record is not glued onto the torn one.
import { appendFile, open, readFile } from 'node:fs/promises';

export interface AuditEntry {
  time: string;
  /** Name of the admin token that made the change (never the token itself). */
  actor: string;
  action: string;
  route: string;
  fromWeight: number;
  toWeight: number;
  reason: string;
  configHashBefore: string;
  configHashAfter: string;
}

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 1000;

export class AuditLog {
  private readonly memory: AuditEntry[] = [];

  constructor(readonly file?: string) {}

  async append(entry: AuditEntry): Promise<void> {
    if (!this.file) return void this.memory.push(entry);
    const line = `${JSON.stringify(entry)}\n`;
    await appendFile(this.file, (await endsMidLine(this.file)) ? `\n${line}` : line, 'utf8');
  }

  /** Newest first, optionally for one route; `unreadableLines` lists the file's lines that are not JSON (1-based). */
  async list(filter: { route?: string; limit?: number } = {}): Promise<AuditListing> {
    const { entries: all, unreadableLines } = this.file
      ? await readEntries(this.file)
      : { entries: [...this.memory], unreadableLines: [] };
    const matching = filter.route === undefined ? all : all.filter((entry) => entry.route === filter.route);
    return { entries: matching.reverse().slice(0, filter.limit ?? DEFAULT_AUDIT_LIMIT), unreadableLines };
  }
}

export interface AuditListing {
  entries: AuditEntry[];
  unreadableLines: number[];
}

async function readEntries(file: string): Promise<AuditListing> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const listing: AuditListing = { entries: [], unreadableLines: [] };
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    // A torn line is reported, not fatal: the rest of the trail stays readable and the line stays in the file.
    try {
      listing.entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      listing.unreadableLines.push(index + 1);
    }
  });
  return listing;
}

/** True when the file's last byte is not a newline (a crash tore the last append). */
async function endsMidLine(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
