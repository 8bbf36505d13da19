// Runs analyses in the background: unbounded and with concurrent fetches (new), or on a fixed pool fetching
// tickers one after another (legacy's ThreadPoolExecutor). Publishes progress and completion events.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { Semaphore } from '../concurrency/semaphore.ts';
import type { PortfolioEvents } from '../events.ts';
import { refuseInSandbox } from '../sandbox.ts';
import type { AnalysisInput, PortfolioAnalyzer } from '../analysis/portfolioAnalyzer.ts';
import type { TaskService } from './taskService.ts';

export interface AnalysisRunnerOptions {
  tasks: TaskService;
  analyzer: PortfolioAnalyzer;
  events: PortfolioEvents;
  /** Analyses running at once; undefined = no limit. */
  poolSize?: number | undefined;
  fetchConcurrency: number;
  logger?: Logger | undefined;
}

/** The error of an analysis the shutdown of its process cut short. */
export const INTERRUPTED = 'the process running this analysis shut down before it finished — submit it again';

export class AnalysisRunner {
  private readonly pool: Semaphore | undefined;
  private readonly running = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(private readonly options: AnalysisRunnerOptions) {
    this.pool = options.poolSize === undefined ? undefined : new Semaphore(options.poolSize);
    setMaxListeners(0, this.shutdown.signal); // every running analysis listens to it
  }

  /** Stores a processing task and starts (or queues) its analysis; resolves with the task id at once. */
  async submit(input: AnalysisInput): Promise<string> {
    refuseInSandbox('an analysis runs in the background after the response and its result is fetched later');
    const taskId = await this.options.tasks.create();
    const run = (this.pool ? this.pool.run(() => this.run(taskId, input)) : this.run(taskId, input)).finally(() =>
      this.running.delete(run),
    );
    this.running.add(run);
    return taskId;
  }

  /** Aborts running analyses and waits for them to settle. */
  async close(): Promise<void> {
    this.shutdown.abort(new Error('analysis runner is shutting down'));
    await Promise.allSettled([...this.running]);
  }

  private async run(taskId: string, input: AnalysisInput): Promise<void> {
    const { tasks, analyzer, events, fetchConcurrency, logger } = this.options;
    try {
      this.shutdown.signal.throwIfAborted();
      const result = await analyzer.analyze(input, {
        fetchConcurrency,
        signal: this.shutdown.signal,
        onProgress: (progress) => events.publish({ type: 'analysis_progress', task_id: taskId, ...progress }),
      });
      await tasks.complete(taskId, result);
      events.publish({ type: 'analysis_done', task_id: taskId, status: 'complete' });
    } catch (error) {
      // Nothing will ever finish it: a client polling (through any worker or replica) must not wait forever.
      if (this.shutdown.signal.aborted) return void (await tasks.fail(taskId, INTERRUPTED).catch(() => undefined));
      const message = (error as Error).message;
      logger?.warn({ taskId, err: message }, 'analysis failed');
      await tasks.fail(taskId, message).catch(() => undefined);
      events.publish({ type: 'analysis_done', task_id: taskId, status: 'failed', error: message });
    }
  }
}
