// Wires the control plane for one instance: token check, stats window, the store (routes.yaml, or memory
// for a config given in code) with its one route-edit path, and —
// when the config comes from a file — hot reload on file change and SIGHUP.
import type { Logger } from 'pino';
import type { LiveConfig } from '../config/live.ts';
import { ConfigReloader } from '../config/reload.ts';
import { ConfigChangeLock } from '../config/reloadLock.ts';
import type { ValidationContext } from '../config/validate.ts';
import { watchConfigFile, type WatchOptions } from '../config/watch.ts';
import type { Recorder } from '../metrics/recorder.ts';
import { StatsWindow } from '../stats/statsWindow.ts';
import { DiscoverTable } from '../discover/discoverTable.ts';
import type { AdminContext } from './adminContext.ts';
import { requireAdminToken } from './auth.ts';
import { FailedAuthLimiter, type FailedAuthLimiterOptions } from './failedAuthLimiter.ts';
import type { AdminToken } from './tokens.ts';
import { WeightChanger } from './weightChange.ts';
import { FileStore } from '../controlplane/fileStore.ts';
import { MemoryStore } from '../controlplane/memoryStore.ts';
import { RouteEditor } from '../controlplane/routeEdit.ts';
import type { ControlPlaneStore } from '../controlplane/store.ts';

export interface ControlPlaneOptions {
  live: LiveConfig;
  recorder: Recorder;
  logger: Logger;
  context: ValidationContext;
  tokens: readonly AdminToken[];
  configFile?: string;
  auditFile?: string;
  /** false turns off the file watcher (SIGHUP still reloads). */
  watch?: boolean | WatchOptions;
  reloadOnSighup?: boolean;
  failedAuth?: FailedAuthLimiterOptions;
}

export interface ControlPlane {
  context: AdminContext;
  reloader: ConfigReloader | undefined;
  /** Settles once the reloader has read the config file the instance starts from. */
  ready: Promise<void>;
  stop(): void;
}

export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  const { live, recorder, logger, configFile } = options;
  const lock = new ConfigChangeLock();
  const reloader = configFile ? new ConfigReloader({ file: configFile, live, context: options.context, recorder, logger, lock }) : undefined;
  const store: ControlPlaneStore = configFile
    ? new FileStore({ file: configFile, auditFile: options.auditFile, logger, onWritten: (text) => reloader?.noteWritten(text) })
    : new MemoryStore(live.current().config);
  const editor = new RouteEditor({ live, store, lock, context: options.context, logger });
  const weights = new WeightChanger(editor);
  const requireToken = requireAdminToken(options.tokens, new FailedAuthLimiter(options.failedAuth));
  const stops: Array<() => void> = [];
  // Remember the bytes the live config came from, so the first watch event for them is not a reload.
  const ready = reloader ? reloader.reload('start').then(() => undefined) : Promise.resolve();

  if (reloader && configFile) {
    if (options.watch !== false) {
      const watchOptions = typeof options.watch === 'object' ? options.watch : {};
      const watcher = watchConfigFile(configFile, () => void reloader.reload('file change'), {
        ...watchOptions,
        onError: (err) => logger.warn({ err, file: configFile }, 'config watch error; the periodic check still reloads'),
      });
      stops.push(() => watcher.close());
    }
    if (options.reloadOnSighup !== false) {
      const onSighup = () => void reloader.reload('SIGHUP', true);
      process.on('SIGHUP', onSighup);
      stops.push(() => process.off('SIGHUP', onSighup));
    }
  }
  return {
    context: { live, recorder, logger, stats: new StatsWindow(), discover: new DiscoverTable(), audit: store.audit, weights, editor, requireToken },
    reloader,
    ready,
    stop: () => stops.forEach((stop) => stop()),
  };
}
