// Notices every way routes.yaml changes: in-place writes, an editor's save-to-temp-and-rename, and a
// kubectl config-map update (a `..data` symlink flipped to a new directory). Watching the file itself
// would lose track after the first rename, so the directory is watched (and the symlink target's
// directory, if it differs). Only events naming the file (or kubectl's `..` entries) count: a log file
// appended to in the same folder must not keep the reload waiting. Events are debounced, but a burst
// never delays the reload past maxWaitMs; the reloader compares content hashes, so spurious events cost
// one file read. A poll backs up filesystems where fs.watch misses events.
import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_WATCH_DEBOUNCE_MS = 100;
/** However often the file changes, a reload starts at most this long after the first change of a burst. */
export const DEFAULT_WATCH_MAX_WAIT_MS = 500;
export const DEFAULT_WATCH_POLL_MS = 1_000;

export interface ConfigWatcher {
  close(): void;
}

export interface WatchOptions {
  debounceMs?: number;
  maxWaitMs?: number;
  pollMs?: number;
  onError?: (error: Error) => void;
}

export function watchConfigFile(file: string, onChange: () => void, options: WatchOptions = {}): ConfigWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS;
  const maxWaitMs = Math.max(debounceMs, options.maxWaitMs ?? DEFAULT_WATCH_MAX_WAIT_MS);
  const watchers = new Map<string, FSWatcher>();
  const names = new Set([path.basename(file)]);
  let timer: NodeJS.Timeout | undefined;
  let burstStarted: number | undefined;
  let closed = false;

  // kubectl's atomic writer renames `..data` and creates `..<timestamp>` directories; null: the OS did not say.
  const concernsFile = (name: string | Buffer | null) =>
    name === null || names.has(String(name)) || String(name).startsWith('..');
  const watchDirectory = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (concernsFile(name)) schedule();
      });
      watcher.on('error', (error) => options.onError?.(error));
      watchers.set(dir, watcher);
    } catch (error) {
      options.onError?.(error as Error);
    }
  };
  // The symlink target can move to a new directory on every kubectl update: follow it.
  const followTarget = () => {
    realpath(file).then(
      (target) => {
        names.add(path.basename(target));
        watchDirectory(path.dirname(target));
      },
      () => undefined,
    );
  };
  const fire = () => {
    burstStarted = undefined;
    timer = undefined;
    if (closed) return;
    followTarget();
    onChange();
  };
  const schedule = () => {
    const now = Date.now();
    burstStarted ??= now;
    clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, burstStarted + maxWaitMs - now)));
  };

  watchDirectory(path.dirname(path.resolve(file)));
  followTarget();
  const poll = setInterval(schedule, options.pollMs ?? DEFAULT_WATCH_POLL_MS);
  poll.unref();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
