// The live snapshot reference. Swapping replaces it whole; requests already running keep the one they took.
import type { Snapshot } from '../routing/routeTable.ts';

export type SnapshotListener = (next: Snapshot, previous: Snapshot) => void;

export class LiveConfig {
  private snapshot: Snapshot;
  private readonly listeners = new Set<SnapshotListener>();

  constructor(initial: Snapshot) {
    this.snapshot = initial;
  }

  current(): Snapshot {
    return this.snapshot;
  }

  swap(next: Snapshot): void {
    const previous = this.snapshot;
    this.snapshot = next;
    for (const listener of this.listeners) listener(next, previous);
  }

  /** Returns a function that removes the listener. */
  onSwap(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
