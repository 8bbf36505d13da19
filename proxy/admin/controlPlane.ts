// Wires the control plane for one instance: token check, stats window, the store (routes.yaml, the shared
// Postgres store, or memory for a config given in code) with its one route-edit path, and — when the config
// comes from a file — hot reload on file change and SIGHUP; on Postgres, the follower that applies every
// new version (NOTIFY, poll, reconnect) and keeps the local cache of it.
import type { Logger } from 'pino';
import { ConfigInvalidError } from '../config/errors.ts';
import { snapshotFromText } from '../config/load.ts';
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
import type { SharedStore } from '../controlplane/postgres/sharedStoreStart.ts';
import { StoreFollower } from '../controlplane/postgres/storeFollower.ts';
import type { StoredVersion } from '../controlplane/postgres/postgresStore.ts';
import { writeTableCache } from '../controlplane/tableCache.ts';

export interface ControlPlaneOptions {
  live: LiveConfig;
  recorder: Recorder;
  logger: Logger;
  context: ValidationContext;
  tokens: readonly AdminToken[];
  configFile?: string;
  auditFile?: string;
  /** The shared Postgres store (`--store`); then configFile is not read or written. */
  shared?: SharedStore;
  /** How often a follower re-reads the store version without a NOTIFY (default 2 s). */
  storePollMs?: number;
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
  /** The Postgres store follower, when running on one. */
  follower: StoreFollower | undefined;
  stop(): void;
  /** stop(), then waits for the store connections to close. */
  close(): Promise<void>;
}

export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  const { live, recorder, logger, configFile } = options;
  const lock = new ConfigChangeLock();
  const reloader = configFile
    ? new ConfigReloader({ file: configFile, live, context: options.context, recorder, logger, lock })
    : undefined;
  const store: ControlPlaneStore = options.shared
    ? options.shared.store
    : configFile
      ? new FileStore({
          file: configFile,
          auditFile: options.auditFile,
          logger,
          onWritten: (text) => reloader?.noteWritten(text),
        })
      : new MemoryStore(live.current().config);
  const editor = new RouteEditor({ live, store, lock, context: options.context, logger });
  const weights = new WeightChanger(editor);
  const requireToken = requireAdminToken(options.tokens, new FailedAuthLimiter(options.failedAuth));
  const stops: Array<() => void> = [];
  const follower = options.shared ? followStore(options.shared, options, lock, stops) : undefined;
  // Remember the bytes the live config came from, so the first watch event for them is not a reload.
  const ready = reloader ? reloader.reload('start').then(() => undefined) : Promise.resolve();

  if (reloader && configFile) {
    if (options.watch !== false) {
      const watchOptions = typeof options.watch === 'object' ? options.watch : {};
      const watcher = watchConfigFile(configFile, () => void reloader.reload('file change'), {
        ...watchOptions,
        onError: (err) =>
          logger.warn({ err, file: configFile }, 'config watch error; the periodic check still reloads'),
      });
      stops.push(() => watcher.close());
    }
    if (options.reloadOnSighup !== false) {
      const onSighup = () => void reloader.reload('SIGHUP', true);
      process.on('SIGHUP', onSighup);
      stops.push(() => process.off('SIGHUP', onSighup));
    }
  }
  const stop = () => stops.splice(0).forEach((fn) => fn());
  let closing: Promise<void> | undefined;
  return {
    context: {
      live,
      recorder,
      logger,
      stats: new StatsWindow(),
      discover: new DiscoverTable(),
      audit: store.audit,
      weights,
      editor,
      requireToken,
    },
    reloader,
    ready,
    follower,
    stop,
    close() {
      stop();
      closing ??= (async () => {
        await follower?.close();
        await options.shared?.store.close();
      })();
      return closing;
    },
  };
}

function followStore(
  shared: SharedStore,
  options: ControlPlaneOptions,
  lock: ConfigChangeLock,
  stops: Array<() => void>,
): StoreFollower {
  const { live, recorder, logger, context } = options;
  // Cache writes in order, so the file always ends on the newest version.
  let caching = Promise.resolve();
  // A stored version this replica refused is not cached: a restart starts from the last table it applied.
  let refused = 0;
  stops.push(
    shared.store.onVersion((version, text) => {
      if (version === refused) return;
      caching = caching.then(() =>
        writeTableCache(shared.cacheFile, version, text).catch((err: unknown) =>
          logger.warn({ err, file: shared.cacheFile }, 'could not write the route table cache'),
        ),
      );
    }),
  );
  const apply = (latest: StoredVersion, trigger: string) =>
    lock.run(async () => {
      // An edit through this replica may have written it meanwhile (it holds the same lock).
      if (latest.version <= shared.store.version) return;
      const previous = live.current();
      try {
        const next = snapshotFromText(latest.text, `the Postgres store (version ${latest.version})`, context);
        shared.store.noteVersion(latest.version, latest.text);
        recorder.configReload('success');
        if (next.hash === previous.hash) return;
        live.swap(next);
        logger.info(
          { trigger, version: latest.version, hash: next.hash, previousHash: previous.hash },
          'config changed in the store, applied',
        );
      } catch (error) {
        if (!(error instanceof ConfigInvalidError)) throw error;
        // Not retried every poll: the next version replaces it.
        refused = latest.version;
        shared.store.noteVersion(latest.version, latest.text);
        recorder.configReload('failure');
        logger.error(
          { version: latest.version, keptHash: previous.hash },
          `stored version rejected here, keeping the last good config:\n${error.message}`,
        );
      }
    });
  recorder.storeConnection('postgres', false);
  const follower = new StoreFollower({
    url: shared.url,
    store: shared.store,
    apply,
    logger,
    pollMs: options.storePollMs,
    onConnection: (up) => recorder.storeConnection('postgres', up),
  });
  if (options.reloadOnSighup !== false) {
    const onSighup = () => void follower.check('SIGHUP');
    process.on('SIGHUP', onSighup);
    stops.push(() => process.off('SIGHUP', onSighup));
  }
  return follower;
}
