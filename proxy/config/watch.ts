// Notices every way routes.yaml changes: in-place writes, an editor's save-to-temp-and-rename, and a
// kubectl config-map update (a `..data` symlink flipped to a new directory). Watching the file itself
// would lose track after the first rename, so the directory is watched (and the symlink target's
// directory, if it differs); events are debounced and the reloader compares content hashes, so spurious
// events cost one file read. A slow poll backs up filesystems where fs.watch misses events.
import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_WATCH_DEBOUNCE_MS = 100;
export const DEFAULT_WATCH_POLL_MS = 5_000;

export interface ConfigWatcher {
  close(): void;
}

export interface WatchOptions {
  debounceMs?: number;
  pollMs?: number;
  onError?: (error: Error) => void;
}

export function watchConfigFile(file: string, onChange: () => void, options: WatchOptions = {}): ConfigWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS;
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const watchDirectory = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: false }, () => schedule());
      watcher.on('error', (error) => options.onError?.(error));
      watchers.set(dir, watcher);
    } catch (error) {
      options.onError?.(error as Error);
    }
  };
  // The symlink target can move to a new directory on every kubectl update: follow it.
  const followTarget = () => {
    realpath(file).then((target) => watchDirectory(path.dirname(target)), () => undefined);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (closed) return;
      followTarget();
      onChange();
    }, debounceMs);
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
