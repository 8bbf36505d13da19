// The default store on one machine: routes.yaml plus a JSONL audit file. Every edit, whatever it changes,
// holds the cross-process lock file (replicas on one volume, cluster workers), reads the file as it is now,
// and writes it atomically (temp file, fsync, rename) before its audit line is appended.
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { writeFileAtomic, type AtomicWriteHooks } from '../config/persist.ts';
import { withFileLock } from '../config/persistLock.ts';
import { AuditLog } from './auditLog.ts';
import type { ControlPlaneStore, StoredTable, TableWrite } from './store.ts';

export interface FileStoreOptions {
  file: string;
  /** JSONL audit trail; omitted ⇒ kept in memory until exit. */
  auditFile?: string;
  logger: Logger;
  /** Called with every text written, so the file watcher does not reload the store's own write. */
  onWritten?: (text: string) => void;
  persistHooks?: AtomicWriteHooks;
}

export class FileStore implements ControlPlaneStore {
  readonly kind = 'file';
  readonly persistent = true;
  readonly audit: AuditLog;

  constructor(private readonly options: FileStoreOptions) {
    this.audit = new AuditLog(options.auditFile);
  }

  edit<T>(work: (current: StoredTable, write: (change: TableWrite) => Promise<void>) => Promise<T>): Promise<T> {
    const { file } = this.options;
    return withFileLock(file, async () =>
      work({ text: await readFile(file, 'utf8'), source: file }, (change) => this.write(change)),
    );
  }

  private async write(change: TableWrite): Promise<void> {
    // A failed write throws before anything else: nothing is applied or audited.
    await writeFileAtomic(this.options.file, change.text, this.options.persistHooks);
    this.options.onWritten?.(change.text);
    try {
      await this.audit.append(change.audit);
    } catch (error) {
      // The change is on disk already; losing the trail line is reported loudly, not undone.
      this.options.logger.error({ err: error, audit: change.audit }, 'could not append to the audit log');
    }
  }
}
