// The primary's view of its proxy workers: forks N, gives each the live config, replaces one that dies
// (unless draining), fans metrics requests out, and drains them all on shutdown.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { StartupError } from '../config/startupError.ts';
import type { Config } from '../config/types.ts';
import type { HandlerHostAddress } from '../forward/handlerHost.ts';
import type { MetricsSnapshot } from '../metrics/aggregate.ts';
import { isMessage, type StatsRecord, type ToPrimary, type UnmatchedRecord, type ToWorker } from './messages.ts';
import type { EvidenceEvent } from './relayedEvidence.ts';
import { relayWorkerOutput, WORKER_STDIO, type OutputSinks } from './workerOutput.ts';

/** A worker that dies is replaced after this pause, doubled for each other death in the last minute
 * (up to the maximum), so a crash loop cannot spin the CPU. */
const RESPAWN_DELAY_MS = 250;
const RESPAWN_DELAY_MAX_MS = 15_000;
const CRASH_MEMORY_MS = 60_000;
/** A scrape does not wait longer than this for a worker that is busy or dying. */
const METRICS_TIMEOUT_MS = 2_000;
/** After the drain timeout, workers get this long to exit before they are killed. */
const DRAIN_GRACE_MS = 5_000;

export interface WorkerPoolOptions {
  size: number;
  drainTimeoutMs: number;
  currentConfig: () => Config;
  /** The Postgres store version of the current config, for the workers' strangler_config_info. */
  storeVersion?: () => string | undefined;
  handlerHost: HandlerHostAddress | undefined;
  /** Workers open the services store and run the handlers themselves (DATABASE_URL). */
  handlersInWorkers?: boolean;
  onStats: (records: StatsRecord[], unmatched: UnmatchedRecord[], evidence: EvidenceEvent[]) => void;
  logger: Logger;
  /** Where the workers' stdout and stderr go (workerOutput.ts). */
  output: OutputSinks;
}

export class WorkerPool {
  private draining = false;
  private nextMetricsId = 0;
  private readonly metricsWaiters = new Map<number, (metrics: MetricsSnapshot) => void>();
  /** Resolves with the proxy URL once the first `size` workers all listen. */
  readonly listening: Promise<string>;
  private resolveListening!: (url: string) => void;
  private rejectListening!: (error: Error) => void;
  private started = false;
  private recentDeaths: number[] = [];
  private listeningCount = 0;
  /** What a worker that could not listen reported; start-up fails with it. */
  private listenFailure: string | undefined;
  private readonly listeningIds = new Set<number>();
  /** Each worker's output relay, until its pipes have ended. */
  private readonly relays = new Set<Promise<void>>();

  constructor(private readonly options: WorkerPoolOptions) {
    this.listening = new Promise((resolve, reject) => {
      this.resolveListening = resolve;
      this.rejectListening = reject;
    });
  }

  start(): void {
    cluster.setupPrimary({ stdio: [...WORKER_STDIO] });
    cluster.on('exit', (worker, code, signal) => {
      this.listeningIds.delete(worker.id);
      if (this.draining) return;
      if (!this.started) {
        // Failing during start-up (port in use, bad listen address) would fail again: give up, do not loop.
        this.draining = true;
        this.rejectListening(
          this.listenFailure
            ? new StartupError(this.listenFailure)
            : new Error(
                `a proxy worker exited (code ${code}, signal ${signal}) before the proxy listened — its error is printed above`,
              ),
        );
        return;
      }
      const now = Date.now();
      this.recentDeaths = [...this.recentDeaths.filter((at) => now - at < CRASH_MEMORY_MS), now];
      const delayMs = Math.min(RESPAWN_DELAY_MS * 2 ** (this.recentDeaths.length - 1), RESPAWN_DELAY_MAX_MS);
      this.options.logger.error(
        { worker: worker.process.pid, code, signal, respawnInMs: delayMs },
        'proxy worker died; starting a replacement',
      );
      setTimeout(() => this.fork(), delayMs);
    });
    for (let i = 0; i < this.options.size; i++) this.fork();
  }

  private fork(): void {
    if (this.draining) return;
    // Added to the primary's environment; a worker drains with this timeout on a signal of its own.
    const worker = cluster.fork({ STRANGLER_WORKER_DRAIN_TIMEOUT_MS: String(this.options.drainTimeoutMs) });
    worker.on('message', (message: unknown) => this.onMessage(worker, message));
    const relay = relayWorkerOutput(worker.process.stdout, worker.process.stderr, this.options.output);
    this.relays.add(relay);
    void relay.then(() => this.relays.delete(relay));
  }

  private onMessage(worker: Worker, message: unknown): void {
    if (!isMessage<ToPrimary>(message)) return;
    if (message.type === 'strangler:hello') {
      send(worker, {
        type: 'strangler:start',
        config: this.options.currentConfig(),
        handlerHost: this.options.handlerHost,
        ownHandlers: this.options.handlersInWorkers,
        storeVersion: this.options.storeVersion?.(),
      });
    } else if (message.type === 'strangler:listening') {
      this.listeningIds.add(worker.id);
      if (++this.listeningCount >= this.options.size) {
        this.started = true;
        this.resolveListening(message.url);
      }
    } else if (message.type === 'strangler:listen-failed') this.listenFailure ??= message.message;
    else if (message.type === 'strangler:metrics') this.metricsWaiters.get(message.id)?.(message.metrics);
    else if (message.type === 'strangler:stats')
      this.options.onStats(message.records, message.unmatched ?? [], message.evidence);
  }

  broadcastConfig(config: Config): void {
    const storeVersion = this.options.storeVersion?.();
    for (const worker of this.workers()) send(worker, { type: 'strangler:config', config, storeVersion });
  }

  /** Every live worker's metrics; a worker that does not answer in time is left out of this scrape. */
  collectMetrics(): Promise<MetricsSnapshot[]> {
    return Promise.all(
      this.workers().map(
        (worker) =>
          new Promise<MetricsSnapshot>((resolve) => {
            const id = this.nextMetricsId++;
            const done = (metrics: MetricsSnapshot) => {
              clearTimeout(timer);
              this.metricsWaiters.delete(id);
              resolve(metrics);
            };
            const timer = setTimeout(() => done([]), METRICS_TIMEOUT_MS);
            this.metricsWaiters.set(id, done);
            send(worker, { type: 'strangler:metrics-request', id });
          }),
      ),
    );
  }

  /**
   * Tells every worker to drain and resolves once all have exited (killing stragglers past the grace) and
   * everything they printed has been passed on.
   */
  async drain(): Promise<void> {
    this.draining = true;
    const exits = this.workers().map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          send(worker, { type: 'strangler:drain', timeoutMs: this.options.drainTimeoutMs });
        }),
    );
    const kill = setTimeout(
      () => this.workers().forEach((worker) => worker.kill('SIGKILL')),
      this.options.drainTimeoutMs + DRAIN_GRACE_MS,
    );
    await Promise.all(exits);
    clearTimeout(kill);
    await Promise.all(this.relays);
  }

  /** Ready while at least one worker listens on the proxy port. */
  hasListeningWorker(): boolean {
    return this.workers().some((worker) => this.listeningIds.has(worker.id));
  }

  private workers(): Worker[] {
    return Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker !== undefined && worker.isConnected(),
    );
  }
}

function send(worker: Worker, message: ToWorker): void {
  if (worker.isConnected()) worker.send(message);
}
