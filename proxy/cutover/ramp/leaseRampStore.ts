// The elected ramp controller's state, kept with its lease in the shared store instead of a local file:
// the same document as <config>.ramp.json, saved whole on every change, and only under the fence of the
// term this replica leads (a demoted leader's late save is refused). A new leader loads it and resumes.
import type { Logger } from 'pino';
import { FencedWriteError } from '../../controlplane/writeFence.ts';
import type { FencedStateDocument, RampLeadership } from './rampLeadership.ts';
import type { RampState } from './rampState.ts';
import { RAMP_STATE_FILE_VERSION, RampStateFileSchema, type RampStateFile } from './rampStore.ts';

export interface LeaseRampStoreOptions {
  document: FencedStateDocument;
  leadership: RampLeadership;
  logger: Logger;
  now: () => number;
  /** Called when a save was refused because the term is over. */
  onFenced?: (error: FencedWriteError) => void;
}

export class LeaseRampStore {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private latest: () => RampState[] = () => [];

  constructor(private readonly options: LeaseRampStoreOptions) {}

  /** An unreadable or unusable document is logged and treated as empty (nothing is overwritten until a change). */
  async load(): Promise<RampState[]> {
    let text: string | undefined;
    try {
      text = await this.options.document.readState();
    } catch (err) {
      this.options.logger.warn(
        { err },
        'could not read the ramp state from the control-plane store; starting with no ramp state',
      );
      return [];
    }
    if (text === undefined) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.options.logger.warn(
        { err },
        'the ramp state in the control-plane store is not JSON; starting with no ramp state',
      );
      return [];
    }
    const parsed = RampStateFileSchema.safeParse(value);
    if (!parsed.success) {
      this.options.logger.warn(
        { problems: parsed.error.issues },
        'the ramp state in the control-plane store is unusable; starting with no ramp state',
      );
      return [];
    }
    return parsed.data.ramps.map(
      (ramp) => ({ ...ramp, history: ramp.history.map((event) => ({ ...event })) }) as RampState,
    );
  }

  source(read: () => RampState[]): void {
    this.latest = read;
  }

  save(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.drain();
    return this.writing;
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const fence = this.options.leadership.fence();
        if (!fence) return; // not leading any more: nothing of ours to save
        const content: RampStateFile = {
          version: RAMP_STATE_FILE_VERSION,
          savedAt: new Date(this.options.now()).toISOString(),
          ramps: this.latest(),
        };
        try {
          await this.options.document.saveState(JSON.stringify(content), fence);
        } catch (err) {
          if (err instanceof FencedWriteError) {
            this.options.logger.warn({ err }, 'ramp state not saved: this replica no longer leads');
            this.options.onFenced?.(err);
            return;
          }
          this.options.logger.warn(
            { err },
            'could not save the ramp state to the control-plane store; kept in memory until the next change',
          );
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
