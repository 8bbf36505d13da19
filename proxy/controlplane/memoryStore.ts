// A store for a config given in code (tests, embedded use): the table and the audit trail live in memory
// until exit. It starts from the live snapshot's config written out as YAML, so edits take the same text path.
import { stringify } from 'yaml';
import type { Config } from '../config/types.ts';
import { AuditLog } from './auditLog.ts';
import type { ControlPlaneStore, StoredTable, TableWrite } from './store.ts';

export class MemoryStore implements ControlPlaneStore {
  readonly kind = 'memory';
  readonly persistent = false;
  readonly audit = new AuditLog();
  private text: string;

  constructor(config: Config) {
    this.text = stringify(config);
  }

  edit<T>(work: (current: StoredTable, write: (change: TableWrite) => Promise<void>) => Promise<T>): Promise<T> {
    return work({ text: this.text, source: 'the in-memory config' }, async (change) => {
      this.text = change.text;
      await this.audit.append(change.audit);
    });
  }
}
