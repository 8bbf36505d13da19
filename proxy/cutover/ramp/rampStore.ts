// Keeps the ramp controller's state in a JSON file next to routes.yaml (default `<config>.ramp.json`), so
// a running ramp, its history and a paused or rolled-back status survive a restart or a deploy. Every
// change is written whole and atomically (routes.yaml's temp file + fsync + rename); writes are serialized
// and coalesced, so the file is always one complete state, the newest one once `flush()` resolves.
// No file (an embedded config, the tests' in-memory instances) ⇒ the state lives in memory only. On the
// shared Postgres store the same JSON document is kept in the database instead (`shared`).
import { readFile, rename } from 'node:fs/promises';
import type { Logger } from 'pino';
import { z } from 'zod';
import { writeFileAtomic } from '../../config/persist.ts';
import { RAMP_STATUSES, type RampState } from './rampState.ts';

export const RAMP_STATE_FILE_VERSION = 1;

const GateResultSchema = z.object({
  gate: z.enum(['errorRateDelta', 'p99Ratio', 'mismatchRate']),
  passed: z.boolean(),
  detail: z.string(),
});

const RampStateSchema = z.object({
  route: z.string().min(1),
  status: z.enum(RAMP_STATUSES),
  steps: z.array(z.number().min(0).max(100)),
  stepIndex: z.number().int().min(-1),
  weight: z.number().min(0).max(100),
  intervalMs: z.number().int().min(0),
  consecutiveFailures: z.number().int().min(0),
  message: z.string(),
  lastGates: z.array(GateResultSchema),
  rollbackReason: z.string().optional(),
  pendingWeight: z.number().min(0).max(100).optional(),
  history: z.array(z.object({ at: z.string(), event: z.string(), message: z.string() })),
});

export const RampStateFileSchema = z.object({
  version: z.literal(RAMP_STATE_FILE_VERSION),
  savedAt: z.string(),
  ramps: z.array(RampStateSchema),
});

export type RampStateFile = z.infer<typeof RampStateFileSchema>;

/** Where the state document lives when it is not a local file: the shared control-plane store. */
export interface SharedRampState {
  readRampState(): Promise<string | undefined>;
  writeRampState(doc: string): Promise<void>;
}

export interface RampStoreOptions {
  /** The JSON file; undefined ⇒ in memory only (unless `shared`). */
  file?: string;
  /** The shared store; wins over `file`. */
  shared?: SharedRampState;
  logger: Logger;
  now: () => number;
}

export class RampStore {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private latest: () => RampState[] = () => [];

  constructor(private readonly options: RampStoreOptions) {}

  /**
   * The states saved by the last run. A missing file is a first start; a file that cannot be read or
   * parsed is logged, renamed to `<file>.corrupt-<timestamp>` (nothing is lost silently) and treated as empty.
   */
  async load(): Promise<RampState[]> {
    if (this.options.shared) return this.loadShared(this.options.shared);
    const file = this.options.file;
    if (!file) return [];
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      await this.setAside(file, `cannot read: ${(error as Error).message}`);
      return [];
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      await this.setAside(file, `not JSON: ${(error as Error).message}`);
      return [];
    }
    const parsed = RampStateFileSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      await this.setAside(file, `not a ramp state file: ${problems}`);
      return [];
    }
    return statesOf(parsed.data);
  }

  /** An unreadable database (fail static) or document starts with no ramp state, logged; nothing is overwritten until a change. */
  private async loadShared(shared: SharedRampState): Promise<RampState[]> {
    let text: string | undefined;
    try {
      text = await shared.readRampState();
    } catch (err) {
      this.options.logger.warn(
        { err },
        'could not read the ramp state from the control-plane store; starting with no ramp state',
      );
      return [];
    }
    if (text === undefined) return [];
    let parsed;
    try {
      parsed = RampStateFileSchema.safeParse(JSON.parse(text));
    } catch (err) {
      this.options.logger.warn(
        { err },
        'the ramp state in the control-plane store is not JSON; starting with no ramp state',
      );
      return [];
    }
    if (!parsed.success) {
      this.options.logger.warn(
        { problems: parsed.error.issues },
        'the ramp state in the control-plane store is unusable; starting with no ramp state',
      );
      return [];
    }
    return statesOf(parsed.data);
  }

  /** Where save() reads the states from when a write starts (always the newest). */
  source(read: () => RampState[]): void {
    this.latest = read;
  }

  /** Writes the current states; resolves once a write that includes this change is on disk. */
  save(): Promise<void> {
    if (!this.options.file && !this.options.shared) return Promise.resolve();
    this.dirty = true;
    this.writing ??= this.drain();
    return this.writing;
  }

  /** Resolves when nothing is left to write. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    const { file, shared } = this.options;
    try {
      while (this.dirty) {
        this.dirty = false;
        const content: RampStateFile = {
          version: RAMP_STATE_FILE_VERSION,
          savedAt: new Date(this.options.now()).toISOString(),
          ramps: this.latest(),
        };
        const text = `${JSON.stringify(content, null, 2)}\n`;
        try {
          await (shared ? shared.writeRampState(text) : writeFileAtomic(file!, text));
        } catch (err) {
          const what = shared ? 'the ramp state to the control-plane store' : 'the ramp state file';
          this.options.logger.warn(
            { err, file },
            `could not write ${what}; ramp state is kept in memory until the next change`,
          );
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async setAside(file: string, problem: string): Promise<void> {
    const stamp = new Date(this.options.now()).toISOString().replace(/[:.]/g, '-');
    const aside = `${file}.corrupt-${stamp}`;
    const moved = await rename(file, aside).then(
      () => true,
      (err: unknown) => {
        this.options.logger.warn({ err, file }, 'could not rename the unusable ramp state file aside');
        return false;
      },
    );
    this.options.logger.warn(
      { file, error: problem, keptAs: moved ? aside : undefined },
      'ramp state file unusable; starting with no ramp state',
    );
  }
}

function statesOf(file: RampStateFile): RampState[] {
  return file.ramps.map((ramp) => ({ ...ramp, history: ramp.history.map((event) => ({ ...event })) }) as RampState);
}
