// Reloads routes.yaml into the live config: read, validate, swap whole. An invalid file is never applied:
// the last good snapshot stays, the full report is logged and the failure metric moves.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Recorder } from '../metrics/recorder.ts';
import { ConfigInvalidError } from './errors.ts';
import type { LiveConfig } from './live.ts';
import { snapshotFromText } from './load.ts';
import type { ConfigChangeLock } from './reloadLock.ts';
import type { ValidationContext } from './validate.ts';

export interface ReloaderDeps {
  file: string;
  live: LiveConfig;
  context: ValidationContext;
  recorder: Recorder;
  logger: Logger;
  lock: ConfigChangeLock;
}

export type ReloadResult =
  | { result: 'unchanged' }
  | { result: 'applied'; hash: string; previousHash: string }
  | { result: 'same-config'; hash: string }
  | { result: 'failed'; error: Error };

export class ConfigReloader {
  /** Content hash of the file text last read or written, so watch events for the same bytes are no-ops. */
  private lastTextHash: string | undefined;

  constructor(private readonly deps: ReloaderDeps) {}

  /** `force` (SIGHUP) re-validates even when the bytes did not change. */
  reload(trigger: string, force = false): Promise<ReloadResult> {
    return this.deps.lock.run(() => this.reloadNow(trigger, force));
  }

  /** The admin API wrote this text and applied it itself; a watch event for it is not a reload. */
  noteWritten(text: string): void {
    this.lastTextHash = textHash(text);
  }

  private async reloadNow(trigger: string, force: boolean): Promise<ReloadResult> {
    const { file, live, context, recorder, logger } = this.deps;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // Mid-swap (kubectl symlink flip, editor rename) the path can be briefly missing; the next event retries.
      recorder.configReload('failure');
      logger.error(
        { file, trigger, err: error },
        `config reload failed: cannot read ${file}; keeping config ${live.current().hash}`,
      );
      return { result: 'failed', error: error as Error };
    }
    const hash = textHash(text);
    if (!force && hash === this.lastTextHash) return { result: 'unchanged' };
    this.lastTextHash = hash;
    try {
      const next = snapshotFromText(text, file, context);
      const previous = live.current();
      recorder.configReload('success');
      if (next.hash === previous.hash) return { result: 'same-config', hash: next.hash };
      live.swap(next);
      logger.info({ file, trigger, hash: next.hash, previousHash: previous.hash }, 'config reloaded');
      return { result: 'applied', hash: next.hash, previousHash: previous.hash };
    } catch (error) {
      recorder.configReload('failure');
      const report = error instanceof ConfigInvalidError ? error.message : String(error);
      logger.error(
        { file, trigger, keptHash: live.current().hash },
        `config reload rejected, keeping the last good config:\n${report}`,
      );
      return { result: 'failed', error: error as Error };
    }
  }
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
