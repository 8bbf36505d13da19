// Start-up options from flags and environment. Flags win over environment, environment over defaults.
import { DEMO_CONFIG_FILE } from './demoConfig.ts';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseStoreUrl, StoreUrlError } from '../controlplane/storeUrl.ts';

export const DEFAULT_CONFIG_FILE = './routes.yaml';
/** How long a drain waits for in-flight requests before dropping what is left. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

export interface StartupOptions {
  configFile: string;
  /** Proxy processes; 1 runs everything in this process (no node:cluster). */
  workers: number;
  /** Start the reference stack (legacy on :5000 + the new handlers) next to the proxy. */
  demo: boolean;
  /** The demo serves a copy of the shipped routes.yaml; `reset`: copy it afresh. */
  demoCopy: { reset: boolean } | undefined;
  drainTimeoutMs: number;
  logLevel: string;
  /** Where applied changes are appended; defaults to `<config>.audit.jsonl` so no record lives only in memory. */
  auditFile: string;
  /** The ramp controller's state, so a running ramp survives a restart; defaults to `<config>.ramp.json`. */
  rampStateFile: string;
  /** Run the ramp controller in this instance; exactly one replica should (default: on with --demo). */
  rampController: boolean;
  /** The shared Postgres control-plane store; undefined ⇒ routes.yaml (the file store). */
  storeUrl: string | undefined;
  /** The local copy of the last table applied from the store, to start from while it is down. */
  storeCacheFile: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: strangler start [--config routes.yaml] [--store postgres://…] [--store-cache file] [--workers N] [--demo] [--drain-timeout ms] [--audit-file file] [--ramp-controller] [--ramp-state file]
  --config         routes.yaml to serve (env STRANGLER_CONFIG, default ./routes.yaml); with --store it only seeds an empty store
  --store          shared control-plane store for several replicas: routes, audit and ramp state in Postgres (env STRANGLER_STORE_URL; default: routes.yaml)
  --store-cache    local copy of the last table applied from --store, started from while Postgres is down (env STRANGLER_STORE_CACHE, default <config>.store-cache.json)
  --workers        proxy processes sharing the port (env STRANGLER_WORKERS, default: CPU cores; 1 with --demo)
  --demo           also start the reference stack: legacy service on :5000 and the new handlers in-process;
                   without --config it serves its own copy of routes.yaml, data/demo/routes.yaml
  --reset          with --demo: start from a fresh copy of the shipped routes.yaml
  --drain-timeout  ms to let in-flight requests finish on SIGTERM/SIGINT (env STRANGLER_DRAIN_TIMEOUT_MS, default 30000)
  --ramp-controller  run the automatic ramp controller here: one replica on the file store; with --store any number
                     are candidates and a lease elects one (env STRANGLER_RAMP_CONTROLLER=1, default on with --demo)
  --audit-file     JSONL audit log of weight changes (env STRANGLER_AUDIT_FILE, default <config>.audit.jsonl)
  --ramp-state     JSON file of the ramp controller's state, read back on restart (env STRANGLER_RAMP_STATE_FILE, default <config>.ramp.json)
  env LOG_LEVEL    pino level (default info)`;

export function parseStartupOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): StartupOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        workers: { type: 'string' },
        demo: { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        'drain-timeout': { type: 'string' },
        'audit-file': { type: 'string' },
        'ramp-state': { type: 'string' },
        'ramp-controller': { type: 'boolean', default: false },
        store: { type: 'string' },
        'store-cache': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const demo = values.demo === true || env.STRANGLER_DEMO === '1';
  const defaultWorkers = demo ? 1 : availableParallelism();
  // The demo without a chosen config works on its own copy of the shipped file (demoConfig.ts).
  const demoCopy = demo && values.config === undefined && !env.STRANGLER_CONFIG;
  const configFile = values.config ?? env.STRANGLER_CONFIG ?? (demoCopy ? DEMO_CONFIG_FILE : DEFAULT_CONFIG_FILE);
  if (values.reset && !demoCopy)
    throw new UsageError(
      `--reset restores the demo's copy of routes.yaml: use it with --demo and without --config\n${USAGE}`,
    );
  return {
    configFile,
    demoCopy: demoCopy ? { reset: values.reset === true } : undefined,
    workers: positiveInt('--workers', values.workers ?? env.STRANGLER_WORKERS, defaultWorkers),
    demo,
    drainTimeoutMs: positiveInt(
      '--drain-timeout',
      values['drain-timeout'] ?? env.STRANGLER_DRAIN_TIMEOUT_MS,
      DEFAULT_DRAIN_TIMEOUT_MS,
    ),
    logLevel: env.LOG_LEVEL ?? 'info',
    auditFile: values['audit-file'] ?? env.STRANGLER_AUDIT_FILE ?? `${configFile}.audit.jsonl`,
    rampStateFile: values['ramp-state'] ?? env.STRANGLER_RAMP_STATE_FILE ?? `${configFile}.ramp.json`,
    rampController: values['ramp-controller'] === true || env.STRANGLER_RAMP_CONTROLLER === '1' || demo,
    storeUrl: storeUrlOf(values.store, env.STRANGLER_STORE_URL),
    storeCacheFile: values['store-cache'] ?? env.STRANGLER_STORE_CACHE ?? `${configFile}.store-cache.json`,
  };
}

function storeUrlOf(flag: string | undefined, fromEnv: string | undefined): string | undefined {
  const [raw, from] = flag !== undefined ? [flag, '--store'] : [fromEnv, 'STRANGLER_STORE_URL'];
  if (raw === undefined || raw === '') return undefined;
  try {
    return parseStoreUrl(raw, from);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new UsageError(error.message);
    throw error;
  }
}

function positiveInt(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${flag}: "${raw}" is not a whole number above 0 — e.g. ${flag} 4`);
  return value;
}
