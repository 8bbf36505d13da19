// strangler store init --from routes.yaml [--force] | export: seed the shared Postgres control-plane store
// from routes.yaml, or print its current table as routes.yaml (for review and GitOps). Talks to Postgres
// directly (--store or STRANGLER_STORE_URL), not to a running proxy.
import { userInfo } from 'node:os';
import { PostgresStore, StoreNotEmptyError } from '../../controlplane/postgres/postgresStore.ts';
import { StoreUnavailableError } from '../../controlplane/storeUnavailable.ts';
import { parseStoreUrl, redact, StoreUrlError } from '../../controlplane/storeUrl.ts';
import { buildSnapshot } from '../../routing/routeTable.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { readValidRoutesFile } from '../routesFile.ts';

export const STORE_USAGE = `store init --from routes.yaml [--force] [--store postgres://…]   seed the shared Postgres store (refuses a seeded one unless --force)
store export [--store postgres://…]                             print the store's current table as routes.yaml  (env STRANGLER_STORE_URL)`;

export async function storeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { from: { type: 'string' }, force: { type: 'boolean', default: false }, store: { type: 'string' } },
    STORE_USAGE,
  );
  const [action, ...rest] = positionals;
  if ((action !== 'init' && action !== 'export') || rest.length > 0) {
    throw new CliError(
      EXIT.USAGE,
      `expected "init" or "export"\nusage: strangler ${STORE_USAGE.replace('\n', '\n       strangler ')}`,
    );
  }
  const url = storeUrl(values.store);
  if (action === 'init' && !values.from)
    throw new CliError(EXIT.USAGE, 'store init needs --from routes.yaml (the table to seed the store with)');
  const store = PostgresStore.create(url);
  try {
    return action === 'init' ? await init(store, values.from!, values.force === true) : await exportTable(store, url);
  } catch (error) {
    if (error instanceof StoreUnavailableError)
      throw new CliError(
        EXIT.UNREACHABLE,
        `${error.message.replace(/ — routing goes on.*$/, '')} — is Postgres running at ${redact(url)}?`,
      );
    if (error instanceof StoreNotEmptyError) throw new CliError(EXIT.REJECTED, error.message);
    throw error;
  } finally {
    await store.close();
  }
}

function storeUrl(flag: string | undefined): string {
  const [raw, from] = flag !== undefined ? [flag, '--store'] : [process.env.STRANGLER_STORE_URL, 'STRANGLER_STORE_URL'];
  if (raw === undefined || raw === '')
    throw new CliError(EXIT.USAGE, 'no store given — pass --store postgres://… or set STRANGLER_STORE_URL');
  try {
    return parseStoreUrl(raw, from);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new CliError(EXIT.USAGE, error.message);
    throw error;
  }
}

async function init(store: PostgresStore, file: string, force: boolean): Promise<number> {
  // A table the proxy would refuse never becomes a version.
  const valid = await readValidRoutesFile(file);
  if (!valid) return EXIT.REJECTED;
  const { text } = valid;
  const hash = buildSnapshot(valid.config).hash;
  const audit = {
    time: new Date().toISOString(),
    actor: `strangler store init (${userInfo().username})`,
    action: force ? 'store-init-force' : 'store-init',
    route: '',
    fromWeight: 0,
    toWeight: 0,
    reason: `seeded from ${file}`,
    configHashBefore: '',
    configHashAfter: hash,
  };
  const version = await store.init(text, audit, { force });
  console.log(`${file}: stored as version ${version} (config hash ${hash}); running replicas apply it within a second`);
  return EXIT.OK;
}

async function exportTable(store: PostgresStore, url: string): Promise<number> {
  const latest = await store.latest();
  if (!latest)
    throw new CliError(
      EXIT.REJECTED,
      `the store at ${redact(url)} holds no route table yet — seed it with: strangler store init --from routes.yaml`,
    );
  process.stdout.write(latest.text.endsWith('\n') ? latest.text : `${latest.text}\n`);
  return EXIT.OK;
}
