// One proxy worker under node:cluster: only the proxy listener (the port is shared by all workers). The
// config comes from the primary over IPC, first at start and then on every change, so all workers route
// identically and never read routes.yaml themselves.
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createProxyServer } from '../app.ts';
import { LiveConfig } from '../config/live.ts';
import { CutoverRuntime } from '../cutover/runtime.ts';
import { templateOf } from '../discover/pathTemplate.ts';
import { listenFailure } from '../config/startupError.ts';
import { handlerRegistry } from '../forward/handlers.ts';
import { createHttpForwarder } from '../forward/httpForwarder.ts';
import { metricsSnapshotOf } from '../metrics/aggregate.ts';
import { Recorder } from '../metrics/recorder.ts';
import { buildSnapshot } from '../routing/routeTable.ts';
import { createLogger, flushLogs } from '../start.ts';
import { drainProxyServer } from './drain.ts';
import { openHandlerSource } from './handlerSource.ts';
import { hostedHandlerRegistry } from './hostedHandlers.ts';
import { isMessage, type StatsRecord, type ToPrimary, type UnmatchedRecord, type ToWorker } from './messages.ts';
import { RelayedEvidence } from './relayedEvidence.ts';
import { collectStartupGarbage } from './collectStartupGarbage.ts';
import { guardProcessErrors } from './processErrors.ts';
import { onShutdownSignal } from './shutdownSignals.ts';
import { loadTracer } from '../tracing/requestTracer.ts';
import { LISTEN_PORT_ENV, withPortOverride } from './portOverrides.ts';

/** Request outcomes for the admin stats window are sent to the primary this often. */
const STATS_FLUSH_MS = 1_000;

export async function runWorker(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info').child({ worker: process.pid });
  const errors = guardProcessErrors(logger);
  // The primary may be gone (it exits when another worker cannot listen): a send on the closed channel then fails in
  // its callback instead of an unhandled 'error' event, and the worker ends when the channel's 'disconnect' arrives.
  const send = (message: ToPrimary) => {
    if (!process.connected) return;
    process.send?.(message, undefined, {}, (error: Error | null) => {
      if (error) logger.debug({ err: error }, 'message to the primary not sent: the channel is closed');
    });
  };
  process.on('SIGHUP', () => {}); // reloads are the primary's job; the default action would kill us

  const { config, handlerHost, ownHandlers, storeVersion: startVersion } = await startMessage(send);
  let storeVersion = startVersion;
  const registry = new Registry();
  const recorder = new Recorder(registry);
  errors.countIn(recorder);
  const live = new LiveConfig(buildSnapshot(config));
  const publish = () => recorder.configApplied(live.current().hash, live.current().routes, storeVersion);
  publish();
  live.onSwap(publish);

  let pending: StatsRecord[] = [];
  let pendingUnmatched: UnmatchedRecord[] = [];
  const stats = { record: (...record: StatsRecord) => void pending.push(record) };
  // Sent as templates, not raw paths: the batch stays small whatever clients send (templateOf is idempotent).
  const unmatched = {
    record: (method: string, path: string, status: number, durationMs: number) =>
      void pendingUnmatched.push([method, templateOf(path), status, durationMs]),
  };
  const evidence = new RelayedEvidence();
  const flushStats = () => {
    const events = evidence.takeQueued();
    if (pending.length > 0 || pendingUnmatched.length > 0 || events.length > 0) {
      send({ type: 'strangler:stats', records: pending, unmatched: pendingUnmatched, evidence: events });
    }
    pending = [];
    pendingUnmatched = [];
  };
  setInterval(flushStats, STATS_FLUSH_MS).unref();

  // On a Postgres services store this worker runs the handlers on its own connection pool; else they are
  // the primary's, reached over loopback (or there are none).
  const own = ownHandlers ? await openHandlerSource(false, live.current(), logger) : undefined;
  const handlers =
    own?.handlers ?? (handlerHost ? hostedHandlerRegistry(handlerHost, createHttpForwarder()) : handlerRegistry({}));
  // Shadow comparisons, fallback to legacy and ramp evidence run where the traffic is; phase changes and
  // the ramp controller need the control plane, which is the primary's: evidence is relayed there.
  const cutover = new CutoverRuntime({ live, handlers, recorder, logger, rampController: false, evidence });
  const tracer = await loadTracer(live.current().config.tracing);
  const server = createProxyServer({ live, handlers, recorder, logger, stats, unmatched, cutover, tracer });
  // A signal sent to the whole process group (Ctrl-C) reaches workers too: drain the same way, with the
  // timeout the primary gave us (its drain message carries the same one).
  const shutdown = onShutdownSignal(
    logger,
    Number(process.env.STRANGLER_WORKER_DRAIN_TIMEOUT_MS),
    async (_reason, timeoutMs) => {
      const result = await drainProxyServer(server, server.upgrades, timeoutMs);
      flushStats();
      await own?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the new handlers failed'));
      await tracer
        ?.shutdown()
        .catch((error: unknown) => logger.warn({ err: error }, 'trace export failed at shutdown'));
      logger.info({ result }, 'worker drained');
      await flushLogs(logger);
    },
  );
  process.on('message', async (message: unknown) => {
    if (!isMessage<ToWorker>(message)) return;
    if (message.type === 'strangler:config') {
      storeVersion = message.storeVersion;
      live.swap(buildSnapshot(message.config));
    } else if (message.type === 'strangler:metrics-request')
      send({ type: 'strangler:metrics', id: message.id, metrics: await metricsSnapshotOf(registry) });
    else if (message.type === 'strangler:drain') shutdown.begin('drain message from the primary', message.timeoutMs);
  });

  const { host, port } = withPortOverride(live.current().config.listen, LISTEN_PORT_ENV);
  // A listen failure is the operator's to fix (port in use, bad host): tell the primary, which prints it once.
  server.once('error', (error) => {
    const failure = listenFailure(error, { host, port }, 'listen');
    const message: ToPrimary = {
      type: 'strangler:listen-failed',
      message: failure instanceof Error ? failure.message : String(failure),
    };
    process.send?.(message, undefined, {}, () => process.exit(1));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ proxy: url }, 'worker listening');
  send({ type: 'strangler:listening', url });
  collectStartupGarbage();
}

function startMessage(send: (message: ToPrimary) => void): Promise<Extract<ToWorker, { type: 'strangler:start' }>> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isMessage<ToWorker>(message)) return;
      if (message.type === 'strangler:drain') process.exit(0); // shut down before we ever served
      if (message.type !== 'strangler:start') return;
      process.off('message', onMessage);
      resolve(message);
    };
    process.on('message', onMessage);
    send({ type: 'strangler:hello' });
  });
}
