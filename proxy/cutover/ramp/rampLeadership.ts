// Which replica may run ramps. With the file store the one process started with --ramp-controller always
// leads (a single writer); with the Postgres store every such replica is a candidate and a lease elects
// one (controlplane/postgres/lease.ts). The controller acts only while it leads, and every write it makes
// carries the fence of its term.
import type { WriteFence } from '../../controlplane/writeFence.ts';

export interface RampLeadership {
  leading(): boolean;
  /** The live term's fence while leading; undefined for a single writer (nothing to fence against). */
  fence(): WriteFence | undefined;
  onChange(listener: (leading: boolean) => void): void;
}

/** The single process of the file store: always the leader. */
export const SINGLE_LEADER: RampLeadership = {
  leading: () => true,
  fence: () => undefined,
  onChange: () => undefined,
};

/** Where the elected leader keeps its state: a document saved only under the fence of its term. */
export interface FencedStateDocument {
  readState(): Promise<string | undefined>;
  saveState(doc: string, fence: WriteFence): Promise<void>;
}
