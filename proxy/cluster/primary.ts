// `--workers N` (N > 1): this process is the node:cluster primary. It owns the config and the control
// plane (admin listener, admin API changes persisted to routes.yaml, file watch, SIGHUP) and pushes each
// applied snapshot to the workers over IPC — one source of truth, so workers can never disagree or race
// on writes. Workers run only the proxy listener, on the one shared port.
import type { Logger } from 'pino';
import { loadSnapshot } from '../config/load.ts';
import { handlerRegistry } from '../forward/handlers.ts';
import { ClusterMetricsRegistry } from '../metrics/aggregate.ts';
import { startStrangler } from '../start.ts';
import { UsageError, type StartupOptions } from './options.ts';
import { onShutdownSignal } from './shutdownSignals.ts';
import { WorkerPool } from './workerPool.ts';

/** startStrangler always runs a proxy listener; the primary's is kept off the network and unused. */
const PRIMARY_INTERNAL_LISTEN = { host: '127.0.0.1', port: 0 };

export async function runPrimary(options: StartupOptions, logger: Logger): Promise<void> {
  if (options.demo) {
    throw new UsageError(`--demo keeps the reference stack's store in one process, so it runs with one worker: drop --workers ${options.workers} (or pass --workers 1)`);
  }
  const handlers = handlerRegistry({});
  const snapshot = await loadSnapshot(options.configFile, { handlerNames: handlers.names });
  let pool: WorkerPool | undefined;
  const registry = new ClusterMetricsRegistry(() => pool?.collectMetrics() ?? Promise.resolve([]));
  const strangler = await startStrangler({
    snapshot,
    handlers,
    logger,
    registry,
    configFile: options.configFile,
    auditFile: options.auditFile,
    listen: PRIMARY_INTERNAL_LISTEN,
    readiness: () => pool?.hasListeningWorker() ?? false,
  });
  pool = new WorkerPool({
    size: options.workers,
    drainTimeoutMs: options.drainTimeoutMs,
    currentConfig: () => strangler.live.current().config,
    onStats: (records) => records.forEach((record) => strangler.admin.stats.record(...record)),
    logger,
  });
  const workers = pool;
  strangler.live.onSwap((next) => workers.broadcastConfig(next.config));
  workers.start();
  onShutdownSignal(async (signal) => {
    logger.info({ signal, drainTimeoutMs: options.drainTimeoutMs }, 'draining workers');
    strangler.stopReadiness();
    await workers.drain();
    await strangler.close();
    logger.info('all workers drained, exiting');
    logger.flush();
    process.exit(0);
  });
  const proxyUrl = await workers.listening;
  logger.info({ proxy: proxyUrl, admin: strangler.adminUrl, workers: options.workers, configHash: snapshot.hash }, 'strangler cluster started');
}
