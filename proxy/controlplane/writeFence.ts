// Fencing for the elected ramp controller: a write it makes carries the lease term it holds, and a store
// shared by several replicas commits the write only while that term is still the live one. A demoted
// leader's late write (a paused process waking up, a slow request) is refused instead of applied.
export interface WriteFence {
  /** The lease's name (one per controller kind: `ramp`). */
  lease: string;
  term: number;
  /** Who holds it, for messages. */
  holder: string;
}

export class FencedWriteError extends Error {
  constructor(fence: WriteFence, detail: string) {
    super(
      `write refused: ${fence.holder} holds term ${fence.term} of the ${fence.lease} lease no longer (${detail}) — another replica leads now`,
    );
    this.name = 'FencedWriteError';
  }
}
