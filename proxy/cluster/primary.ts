// `--workers N` (N > 1): this process is the node:cluster primary. It owns the config and the control
// plane (admin listener, admin API changes persisted to routes.yaml, file watch, SIGHUP) and pushes each
// applied snapshot to the workers over IPC — one source of truth, so workers can never disagree or race
// on writes. Workers run only the proxy listener, on the one shared port. With --store the primary is the
// one that follows the Postgres store; workers get each applied table (and its version) the same way.
import { servingUrls } from '../logging/servingUrls.ts';
import type { Logger } from 'pino';
import { ClusterMetricsRegistry } from '../metrics/aggregate.ts';
import { flushLogs, logDestination, startStrangler } from '../start.ts';
import { collectStartupGarbage } from './collectStartupGarbage.ts';
import { HandlerHost } from '../forward/handlerHost.ts';
import { openHandlerSource } from './handlerSource.ts';
import { handlersRunInWorkers, prepareWorkerHandlers } from './workerHandlers.ts';
import { loadStartupTable } from './startupTable.ts';
import type { StartupOptions } from './options.ts';
import { replayEvidence } from './relayedEvidence.ts';
import { guardProcessErrors } from './processErrors.ts';
import { onShutdownSignal } from './shutdownSignals.ts';
import { WorkerPool } from './workerPool.ts';
import { ADMIN_PORT_ENV, withPortOverride } from './portOverrides.ts';

export async function runPrimary(options: StartupOptions, logger: Logger): Promise<void> {
  // The hosted handlers run here: their late errors are contained here (and counted in the primary's series).
  const errors = guardProcessErrors(logger);
  const { snapshot, shared } = await loadStartupTable(options, logger);
  // On Postgres (DATABASE_URL) every worker runs the in-process handlers itself. Otherwise they (and their
  // one-process store) run here and workers reach them over loopback.
  const inWorkers = handlersRunInWorkers(options.demo);
  const source = inWorkers
    ? await prepareWorkerHandlers(snapshot)
    : await openHandlerSource(options.demo, snapshot, logger);
  const handlerHost = source.inProcess ? new HandlerHost(source.handlers) : undefined;
  const handlerHostAddress = await handlerHost?.address();
  if (handlerHostAddress)
    logger.info(
      { handlerHost: handlerHostAddress.url },
      'new handlers run in the primary; workers reach them over loopback',
    );
  else if (inWorkers && source.handlers.names.size > 0)
    logger.info('new handlers run in every worker on the DATABASE_URL store');
  const closeHandlers = async () => {
    await handlerHost?.close();
    await source.close();
  };
  let pool: WorkerPool | undefined;
  const registry = new ClusterMetricsRegistry(() => pool?.collectMetrics() ?? Promise.resolve([]));
  const strangler = await startStrangler({
    snapshot,
    handlers: source.handlers,
    logger,
    registry,
    configFile: options.configFile,
    auditFile: options.auditFile,
    rampStateFile: options.rampStateFile,
    rampController: options.rampController,
    shared,
    listen: false, // the workers serve the proxy port
    admin: withPortOverride(snapshot.config.admin, ADMIN_PORT_ENV),
    readiness: () => pool?.hasListeningWorker() ?? false,
  });
  errors.countIn(strangler.recorder);
  // Workers' lines go out through the primary's own destination (cluster/workerOutput.ts), looked up once.
  const log = logDestination(logger);
  pool = new WorkerPool({
    size: options.workers,
    drainTimeoutMs: options.drainTimeoutMs,
    currentConfig: () => strangler.live.current().config,
    storeVersion: () => (shared ? String(shared.store.version) : undefined),
    handlerHost: handlerHostAddress,
    handlersInWorkers: inWorkers && source.handlers.names.size > 0,
    onStats: (records, unmatched, evidence) => {
      for (const record of records) strangler.admin.stats.record(...record);
      for (const record of unmatched) strangler.admin.discover.record(...record);
      replayEvidence(strangler.cutover.evidence, evidence);
    },
    logger,
    output: { stdout: (line) => log.write(line), stderr: (chunk) => process.stderr.write(chunk) },
  });
  const workers = pool;
  strangler.live.onSwap((next) => workers.broadcastConfig(next.config));
  // Workers export the store version too (strangler_config_info), also when only it moved.
  shared?.store.onVersion(() => workers.broadcastConfig(strangler.live.current().config));
  workers.start();
  collectStartupGarbage();
  onShutdownSignal(logger, options.drainTimeoutMs, async (signal, drainTimeoutMs) => {
    logger.info({ signal, drainTimeoutMs }, 'draining workers');
    strangler.stopReadiness();
    await workers.drain();
    await strangler.close();
    await closeHandlers();
    logger.info('all workers drained, exiting');
    await flushLogs(logger);
  });
  const proxyUrl = await workers.listening;
  logger.info(
    { proxy: proxyUrl, admin: strangler.adminUrl, workers: options.workers, configHash: snapshot.hash },
    'strangler cluster started',
  );
  logger.info({ urls: servingUrls(proxyUrl, strangler.adminUrl, options.demo) }, 'serving');
}
