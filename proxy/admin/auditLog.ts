// The audit trail of applied weight changes, one JSON object per line. With a file it survives restarts
// (appends are serialized by the config change lock); without one it lives in memory.
import { appendFile, readFile } from 'node:fs/promises';

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
    if (this.file) await appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
    else this.memory.push(entry);
  }

  /** Newest first, optionally for one route. */
  async list(filter: { route?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const all = this.file ? await readEntries(this.file) : [...this.memory];
    const matching = filter.route === undefined ? all : all.filter((entry) => entry.route === filter.route);
    return matching.reverse().slice(0, filter.limit ?? DEFAULT_AUDIT_LIMIT);
  }
}

async function readEntries(file: string): Promise<AuditEntry[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    // A line torn by a crash mid-append is skipped, not fatal: the rest of the trail stays readable.
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      continue;
    }
  }
  return entries;
}
