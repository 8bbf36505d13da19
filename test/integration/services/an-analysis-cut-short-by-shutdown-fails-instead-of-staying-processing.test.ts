// An analysis runs in the process (worker, replica) that accepted it. When that process shuts down mid-run,
// the task is marked failed with a message saying to submit it again, so a client polling through any other
// process gets an answer instead of `processing` forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisRunner, INTERRUPTED } from '../../../services/domain/tasks/analysisRunner.ts';
import { startNewServices } from '../../../services/stack.ts';
import { SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';

describe('an analysis cut short by shutdown', () => {
  let services: Awaited<ReturnType<typeof startNewServices>>;
  beforeAll(async () => {
    // Market data slower than the test: the analysis is still fetching when the runner closes.
    services = await startNewServices({
      dataDir: 'memory://',
      databaseUrl: '',
      marketLatencyMs: 60_000,
      priceTickMs: 0,
    });
  }, 30_000);
  afterAll(async () => {
    await services?.close();
  });

  it('is failed with a message saying to submit it again', async () => {
    const { domain } = services;
    const runner = new AnalysisRunner({
      tasks: domain.tasks,
      analyzer: domain.analyzer,
      events: domain.events,
      fetchConcurrency: 4,
    });
    const taskId = await runner.submit(SAMPLE_ANALYSIS);
    expect(await domain.tasks.get(taskId)).toEqual({ status: 'processing' });
    await runner.close();
    expect(await domain.tasks.get(taskId)).toEqual({ status: 'failed', error: INTERRUPTED });
  });
});
