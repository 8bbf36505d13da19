// Before a weight change, the live config catches up with routes.yaml: another process sharing the file
// (a replica, a cluster worker) may have written it a moment ago, before this one's watcher reloaded.
// The change is then checked against, and applied on top of, what is really in the file.
import type { Logger } from 'pino';
import { ConfigInvalidError } from '../config/errors.ts';
import type { LiveConfig } from '../config/live.ts';
import { snapshotFromText } from '../config/load.ts';
import type { ConfigReloader } from '../config/reload.ts';
import type { ValidationContext } from '../config/validate.ts';
import type { WeightChangeRejected } from './weightChange.ts';

export interface CatchUpDeps {
  live: LiveConfig;
  context: ValidationContext;
  logger: Logger;
  reloader?: ConfigReloader;
}

export function catchUpWithFile(text: string, file: string, deps: CatchUpDeps): WeightChangeRejected | undefined {
  let onDisk;
  try {
    onDisk = snapshotFromText(text, file, deps.context);
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    return {
      ok: false,
      status: 409,
      code: 'FILE_INVALID',
      message: `${file} on disk is invalid — fix it first (strangler validate ${file}); the live config is unchanged`,
      problems: [...error.problems],
      configHash: deps.live.current().hash,
    };
  }
  const live = deps.live.current();
  if (onDisk.hash === live.hash) return undefined;
  deps.live.swap(onDisk);
  deps.reloader?.noteWritten(text);
  deps.logger.info({ file, hash: onDisk.hash, previousHash: live.hash }, 'config reloaded from the file before a weight change');
  return undefined;
}
