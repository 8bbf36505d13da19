// Start-up on the Postgres store: the table to route on first. Normally the newest stored version (an
// empty store is seeded from --config's routes.yaml, as a Kubernetes ConfigMap would provide it). When
// the database cannot be reached, the local cache of the last applied version is used instead (fail
// static), and the follower catches up once the database is back. No database and no cache: a one-line
// error saying both.
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { snapshotFromText } from '../../config/load.ts';
import type { ValidationContext } from '../../config/validate.ts';
import type { Snapshot } from '../../routing/routeTable.ts';
import { StoreUnavailableError } from '../storeUnavailable.ts';
import { redact } from '../storeUrl.ts';
import { readTableCache, writeTableCache } from '../tableCache.ts';
import { PostgresStore, StoreEmptyError, StoreNotEmptyError, type StoredVersion } from './postgresStore.ts';

export class StoreStartError extends Error {
  override name = 'StoreStartError';
}

/** The Postgres store a process runs on, and where it caches the last applied table. */
export interface SharedStore {
  url: string;
  store: PostgresStore;
  cacheFile: string;
}

export interface SharedStoreStartOptions {
  url: string;
  cacheFile: string;
  /** routes.yaml seeding an empty store (the first replica to start seeds it; the others read it). */
  seedFile: string;
  context: ValidationContext;
  logger: Logger;
}

export interface SharedStoreStart {
  shared: SharedStore;
  snapshot: Snapshot;
  /** True when the database was unreachable and the cache was used. */
  fromCache: boolean;
}

export async function startOnSharedStore(options: SharedStoreStartOptions): Promise<SharedStoreStart> {
  const store = PostgresStore.create(options.url);
  const shared: SharedStore = { url: options.url, store, cacheFile: options.cacheFile };
  try {
    const latest = (await store.latest()) ?? (await seed(store, options));
    const snapshot = snapshotFromText(latest.text, `the Postgres store (version ${latest.version})`, options.context);
    store.noteVersion(latest.version, latest.text);
    await writeTableCache(options.cacheFile, latest.version, latest.text).catch((err: unknown) => {
      options.logger.warn(
        { err, file: options.cacheFile },
        'could not write the route table cache; a restart while the store is down will not be able to start',
      );
    });
    return { shared, snapshot, fromCache: false };
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) {
      await store.close();
      throw error;
    }
    const cached = await readTableCache(options.cacheFile).catch((err: unknown) => {
      options.logger.warn({ err, file: options.cacheFile }, 'the route table cache is unreadable');
      return undefined;
    });
    if (!cached) {
      await store.close();
      throw new StoreStartError(
        `${error.message.replace(/ — routing goes on.*$/, '')}, and there is no cached route table at ${options.cacheFile} to start from — start Postgres or fix --store (${redact(options.url)})`,
      );
    }
    const snapshot = snapshotFromText(
      cached.text,
      `the cached route table ${options.cacheFile} (version ${cached.version})`,
      options.context,
    );
    store.noteVersion(cached.version, cached.text);
    options.logger.warn(
      {
        store: redact(options.url),
        cacheFile: options.cacheFile,
        version: cached.version,
        savedAt: cached.savedAt,
        err: error,
      },
      'control-plane store unreachable at start: routing on the cached route table until it is back',
    );
    return { shared, snapshot, fromCache: true };
  }
}

async function seed(store: PostgresStore, options: SharedStoreStartOptions): Promise<StoredVersion> {
  let text: string;
  try {
    text = await readFile(options.seedFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new StoreStartError(`${new StoreEmptyError().message} (or start with --config pointing at one to seed it)`);
  }
  // Validated before it is stored: a bad file never becomes a version.
  const snapshot = snapshotFromText(text, options.seedFile, options.context);
  const audit = {
    time: new Date().toISOString(),
    actor: 'strangler start',
    action: 'store-init',
    route: '',
    fromWeight: 0,
    toWeight: 0,
    reason: `seeded from ${options.seedFile}`,
    configHashBefore: '',
    configHashAfter: snapshot.hash,
  };
  try {
    const version = await store.init(text, audit);
    options.logger.info({ file: options.seedFile, version }, 'seeded the empty control-plane store from routes.yaml');
  } catch (error) {
    // Another replica seeded it a moment earlier: use what is stored.
    if (!(error instanceof StoreNotEmptyError)) throw error;
  }
  const latest = await store.latest();
  if (!latest) throw new StoreStartError(new StoreEmptyError().message);
  return latest;
}
