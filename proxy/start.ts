// Starts one Strangler instance (proxy listener + admin listener) from a snapshot. Used by main.ts and by
// the tests, which pass port 0 and a fresh metrics registry.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { AdminContext, AdminMount } from './admin/adminContext.ts';
import { assertAdminBindSafe } from './admin/bindSafety.ts';
import { createControlPlane } from './admin/controlPlane.ts';
import type { FailedAuthLimiterOptions } from './admin/failedAuthLimiter.ts';
import { lazyAdminApp } from './admin/lazyAdminApp.ts';
import { loadAdminTokens, type AdminToken } from './admin/tokens.ts';
import { createProxyServer } from './app.ts';
import { LiveConfig } from './config/live.ts';
import { readableLogLine, wantsReadableLogs } from './logging/readableLog.ts';
import { boundedStdout } from './logging/boundedStdout.ts';
import { boundedErr } from './logging/errorSerializer.ts';
import { listenFailure, type ListenerKey } from './config/startupError.ts';
import { mountCutoverAdmin } from './cutover/adminMount.ts';
import type { Clock } from './cutover/clock.ts';
import { CutoverRuntime } from './cutover/runtime.ts';
import type { HandlerRegistry } from './forward/handlers.ts';
import { Recorder } from './metrics/recorder.ts';
import type { ConfigReloader } from './config/reload.ts';
import type { WatchOptions } from './config/watch.ts';
import type { Snapshot } from './routing/routeTable.ts';
import type { SharedStore } from './controlplane/postgres/sharedStoreStart.ts';
import { loadTracer } from './tracing/requestTracer.ts';
import { DEFAULT_LEASE_TTL_MS, PostgresLease } from './controlplane/postgres/lease.ts';
import { DEFAULT_STATS_SYNC_MS, StatsBucketSync } from './controlplane/postgres/statsBuckets.ts';
import { DiscoverSync } from './controlplane/postgres/discoverSync.ts';
import { StatsWindowGateSource } from './cutover/ramp/statsGateSource.ts';
import { EvidenceCollector } from './cutover/ramp/evidence.ts';

export interface StartOptions {
  snapshot: Snapshot;
  handlers: HandlerRegistry;
  logger?: Logger;
  registry?: Registry;
  /** Override the config's listen/admin addresses (tests use port 0); `listen: false` = no proxy listener (cluster primary). */
  listen?: { host: string; port: number } | false;
  admin?: { host: string; port: number };
  /** The routes.yaml the snapshot came from: enables hot reload (watch + SIGHUP) and admin API persistence. */
  configFile?: string;
  /** JSONL audit log of weight changes; omitted ⇒ kept in memory until exit. */
  auditFile?: string;
  /** The shared Postgres store (`--store`): the table, audit and ramp state live there; configFile is ignored. */
  shared?: SharedStore;
  /** How often a replica on the shared store re-reads its version without a NOTIFY (default 2 s). */
  storePollMs?: number;
  /** The ramp controller's state file (the CLI passes `<config>.ramp.json`); omitted ⇒ ramp state in memory until exit. */
  rampStateFile?: string;
  /** Admin bearer tokens; omitted ⇒ read from STRANGLER_ADMIN_TOKENS / STRANGLER_ADMIN_TOKEN_FILE. */
  adminTokens?: readonly AdminToken[];
  /** Extra admin routers (cutover endpoints, dashboard page), mounted after the built-in admin API. */
  adminMounts?: readonly AdminMount[];
  /** File watching for hot reload (default on when configFile is set); SIGHUP reloads either way. */
  watchConfig?: boolean | WatchOptions;
  failedAuth?: FailedAuthLimiterOptions;
  /** An extra readiness condition (the cluster primary: its workers listen); /readyz needs it and start-up done. */
  readiness?: () => boolean;
  /** Run the ramp controller here (exactly one replica should); default: STRANGLER_RAMP_CONTROLLER=1. */
  rampController?: boolean;
  /** On the shared store: the ramp controller lease's TTL (default STRANGLER_RAMP_LEASE_TTL_MS, else 15 s). */
  rampLeaseTtlMs?: number;
  /** Time for the ramp controller and phase changes; tests pass a manual clock. */
  clock?: Clock;
  /** How long a route stays in phase new before legacy may be retired (default 24 h). */
  retireQuietPeriodMs?: number;
}

export interface Strangler {
  proxyUrl: string;
  adminUrl: string;
  live: LiveConfig;
  recorder: Recorder;
  proxyServer: ReturnType<typeof createProxyServer>;
  adminServer: http.Server;
  /** /readyz answers 503 from now on (drain start); the listeners keep running. */
  stopReadiness(): void;
  /** The control plane: stats window (`admin.stats.summary(...)`), weight changes, audit log. */
  admin: AdminContext;
  reloader: ConfigReloader | undefined;
  /** Shadow diffs, ramp controller, phases and fallback bookkeeping. */
  cutover: CutoverRuntime;
  close(): Promise<void>;
}

/** Running the JavaScript `npm run build` compiled to dist/ rather than the .ts sources (tsx); logged at start. */
const COMPILED = !import.meta.url.endsWith('.ts');

/**
 * The process logger: JSON lines to stdout through an asynchronous, buffered destination. One write per
 * request line was a third of the legacy path's CPU at a fixed 4k req/s (docs/BENCHMARKS.md "Proxy overhead"); buffering
 * cuts it to one write per ~4 KiB. pino flushes synchronously on process exit, and flushLogs waits for
 * the buffer to be written before a drain's exit.
 */
export function createLogger(level: string): Logger {
  const serializers = { err: boundedErr };
  // At a terminal: one readable line per entry (proxy/logging/readableLog.ts); a person reads at human rates.
  if (wantsReadableLogs(process.stdout.isTTY)) {
    const readable = {
      write: (line: string) => void process.stdout.write(readableLogLine(line)),
      flush: (done: (error?: Error | null) => void) => void process.stdout.write('', () => done()),
    };
    return pino({ level, serializers }, readable);
  }
  return pino({ level, serializers }, boundedStdout());
}

/** Where `logger` writes its lines, for lines that are already JSON (a worker's, relayed by the primary). */
export function logDestination(logger: Logger): { write(line: string): unknown } {
  return (logger as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym]!;
}

/** Resolves once every line logged so far has been written. */
export function flushLogs(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

export async function startStrangler(options: StartOptions): Promise<Strangler> {
  const logger = options.logger ?? createLogger(process.env.LOG_LEVEL ?? 'info');
  const registry = options.registry ?? new Registry();
  const recorder = new Recorder(registry);
  const live = new LiveConfig(options.snapshot);
  const shared = options.shared;
  const publish = (snapshot: Snapshot) =>
    recorder.configApplied(snapshot.hash, snapshot.routes, shared ? String(shared.store.version) : undefined);
  publish(options.snapshot);
  live.onSwap(publish);
  // A version with the same routes (this replica's own edit, seen again) still moves the version label.
  shared?.store.onVersion(() => publish(live.current()));

  const config = options.snapshot.config;
  const adminAt = options.admin ?? config.admin;
  const tokens = options.adminTokens ?? loadAdminTokens();
  assertAdminBindSafe(adminAt.host, tokens.length);
  const control = createControlPlane({
    live,
    recorder,
    logger,
    context: { handlerNames: options.handlers.names },
    tokens,
    configFile: shared ? undefined : options.configFile,
    auditFile: options.auditFile,
    shared,
    storePollMs: options.storePollMs,
    watch: options.watchConfig,
    failedAuth: options.failedAuth,
  });

  await control.ready;

  const rampController = options.rampController ?? process.env.STRANGLER_RAMP_CONTROLLER === '1';
  // On the shared store every --ramp-controller replica is a candidate; the lease elects one (lease.ts).
  const lease =
    shared && rampController
      ? new PostgresLease({
          url: shared.url,
          name: 'ramp',
          ttlMs: options.rampLeaseTtlMs ?? leaseTtlFromEnv(),
          logger,
          ready: () => shared.store.ready(),
        })
      : undefined;
  // On the shared store every replica exchanges its stats buckets: the stats window (and so the gates,
  // status, compare, report and the dashboard) holds the sum over replicas.
  const replica = lease?.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const syncMs = shared ? positiveEnvMs('STRANGLER_STATS_SYNC_MS', DEFAULT_STATS_SYNC_MS) : undefined;
  const statsSync = shared
    ? new StatsBucketSync({
        url: shared.url,
        window: control.context.stats,
        replica,
        logger,
        syncMs,
        ready: () => shared.store.ready(),
      })
    : undefined;
  // Likewise the discover table: GET /admin/discover is the sum over replicas (discoverSync.ts).
  const discoverSync = shared
    ? new DiscoverSync({
        url: shared.url,
        table: control.context.discover,
        replica,
        logger,
        syncMs,
        ready: () => shared.store.ready(),
      })
    : undefined;
  const evidence = new EvidenceCollector();
  const rampLease = lease && {
    leadership: lease,
    document: lease,
    catchUp: () => control.follower?.check('ramp takeover') ?? Promise.resolve(),
  };
  const cutover = new CutoverRuntime({
    live,
    handlers: options.handlers,
    recorder,
    logger,
    control: control.context,
    rampController,
    clock: options.clock,
    quietPeriodMs: options.retireQuietPeriodMs,
    rampStateFile: options.rampStateFile,
    rampStateStore: shared?.store,
    rampLease,
    evidence,
    rampGateSource: shared ? new StatsWindowGateSource(control.context.stats, evidence) : undefined,
  });
  lease?.start();
  statsSync?.start();
  discoverSync?.start();
  // A ramp that was running before a restart goes on (or is marked aborted, with the reason).
  await cutover.ramps?.restore().catch(async (error: unknown) => {
    await control.close();
    await cutover.close();
    throw error;
  });
  let ready = false;
  // `tracing` is read at start-up; absent, OpenTelemetry is never imported.
  const tracer = await loadTracer(config.tracing);
  const proxyServer = createProxyServer({
    live,
    handlers: options.handlers,
    recorder,
    logger,
    stats: control.context.stats,
    unmatched: control.context.discover,
    cutover,
    tracer,
  });
  const adminApp = lazyAdminApp(
    {
      live,
      registry,
      isReady: () => ready && (options.readiness?.() ?? true),
      control: control.context,
      mounts: [mountCutoverAdmin(cutover), ...(options.adminMounts ?? [])],
      metricsRequireToken: config.admin.metricsRequireToken,
      listenerHost: adminAt.host,
      allowedHosts: config.admin.allowedHosts,
    },
    logger,
  );
  const adminServer = http.createServer(adminApp);
  const proxyUrl =
    options.listen === false
      ? ''
      : await listen(proxyServer, options.listen ?? config.listen, 'listen').catch(async (error: unknown) => {
          await control.close();
          throw error;
        });
  const adminUrl = await listen(adminServer, adminAt, 'admin').catch(async (error: unknown) => {
    await control.close();
    await closeServer(proxyServer);
    throw error;
  });
  ready = true;
  logger.info(
    {
      proxy: proxyUrl,
      admin: adminUrl,
      configHash: options.snapshot.hash,
      adminTokens: tokens.map((t) => t.name),
      compiled: COMPILED,
    },
    'strangler started',
  );
  if (tokens.length === 0)
    logger.warn({ admin: adminUrl }, 'no admin tokens configured: the admin API is open to local processes');

  return {
    proxyUrl,
    adminUrl,
    live,
    recorder,
    proxyServer,
    adminServer,
    admin: control.context,
    reloader: control.reloader,
    cutover,
    stopReadiness() {
      ready = false;
    },
    async close() {
      ready = false;
      control.stop();
      await Promise.all([closeServer(proxyServer), closeServer(adminServer), cutover.close()]);
      // After the ramp controller's last save, which may go to the store; a leader hands its lease back.
      await Promise.all([lease?.close(), statsSync?.close(), discoverSync?.close()]);
      await control.close();
      await tracer
        ?.shutdown()
        .catch((error: unknown) => logger.warn({ err: error }, 'trace export failed at shutdown'));
    },
  };
}

function positiveEnvMs(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: "${raw}" is not a whole number of ms above 0 — e.g. ${fallback}`);
  return value;
}

function leaseTtlFromEnv(): number {
  const raw = process.env.STRANGLER_RAMP_LEASE_TTL_MS;
  const value = Number(raw);
  if (raw === undefined || raw === '') return DEFAULT_LEASE_TTL_MS;
  if (!Number.isInteger(value) || value < 300)
    throw new Error(`STRANGLER_RAMP_LEASE_TTL_MS: "${raw}" is not a whole number of ms of at least 300 — e.g. 15000`);
  return value;
}

function listen(server: http.Server, at: { host: string; port: number }, key: ListenerKey): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(listenFailure(error, at, key));
    server.once('error', fail);
    server.listen(at.port, at.host, () => {
      server.off('error', fail);
      const { port } = server.address() as AddressInfo;
      const host = at.host === '0.0.0.0' || at.host === '::' ? '127.0.0.1' : at.host;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
    });
  });
}

/** Stops accepting, lets in-flight requests finish, and closes idle keep-alive sockets at once. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
