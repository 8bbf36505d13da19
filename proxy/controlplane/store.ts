// The control-plane store: the route table and everything that changes it. Every read and edit of routes,
// phases, ramps and the audit trail goes through one of its implementations (fileStore: routes.yaml on one
// machine; memoryStore: a config given in code, lost at exit); nothing else touches where they are kept.
import type { AuditEntry, AuditListing } from './auditLog.ts';
import type { WriteFence } from './writeFence.ts';

/** The stored route table as routes.yaml text, and where it lives (for messages). */
export interface StoredTable {
  text: string;
  source: string;
}

/** One committed change: the new table text together with its audit record. */
export interface TableWrite {
  text: string;
  audit: AuditEntry;
  /** The elected ramp controller's term: a shared store refuses the write once the term is over. */
  fence?: WriteFence;
}

/** The audit records, written by each store together with the table change they describe. */
export interface AuditTrail {
  /** Newest first, optionally for one route. */
  list(filter?: { route?: string; limit?: number }): Promise<AuditListing>;
}

export interface ControlPlaneStore {
  /** For messages and `strangler_config_info`: `file`, `memory`. */
  readonly kind: string;
  /** False when a change lives only until this process exits. */
  readonly persistent: boolean;
  readonly audit: AuditTrail;
  /**
   * Runs `work` holding the store's exclusive right to edit, across every process sharing the store, with
   * the table as stored now; `write` commits a new table with its audit record. Throws when the store
   * cannot be reached or locked (nothing was written then).
   */
  edit<T>(work: (current: StoredTable, write: (change: TableWrite) => Promise<void>) => Promise<T>): Promise<T>;
}
