// POST /api/analyze → 202 → poll → complete or failed; tasks live in the shared store, so either backend can poll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisResultSchema } from '../../../services/tasks/schema.ts';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { callApi, pollTask, SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';

describe('analysis task flow', () => {
  let services: ServicesUnderTest;
  beforeAll(async () => {
    services = await startServices({ marketLatencyMs: 200 }); // slow enough to observe "processing"
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await services?.close();
  });

  const submit = async (baseUrl: string, body: unknown) => {
    const accepted = await callApi(baseUrl, 'POST', '/api/analyze', body);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ task_id: expect.any(String), status: 'processing' });
    return (accepted.body as { task_id: string }).task_id;
  };

  it('completes with a result that explains its risk score', async () => {
    const taskId = await submit(services.newUrl, SAMPLE_ANALYSIS);
    expect((await callApi(services.newUrl, 'GET', `/api/status/${taskId}`)).body).toEqual({ status: 'processing' });
    const done = await pollTask(services.newUrl, taskId);
    expect(done.status).toBe('complete');
    const result = AnalysisResultSchema.parse(done.result);
    expect(result.holdings.map((h) => h.ticker)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(result.risk_score).toBe(Math.round(result.risk_score_breakdown.reduce((sum, f) => sum + f.contribution, 0)));
    expect(result.recommendations.length).toBeGreaterThan(0);
  });

  it('fails with an error naming the unknown ticker', async () => {
    const taskId = await submit(services.legacyUrl, { ...SAMPLE_ANALYSIS, positions: { AAPL: 1, NOPE: 2 } });
    expect(await pollTask(services.legacyUrl, taskId)).toEqual({ status: 'failed', error: 'Unknown symbol NOPE' });
  });

  it('lets new poll a task created on legacy, and legacy poll one created on new', async () => {
    const fromLegacy = await submit(services.legacyUrl, SAMPLE_ANALYSIS);
    const fromNew = await submit(services.newUrl, { ...SAMPLE_ANALYSIS, risk_tolerance: 'aggressive' });
    const [legacyTaskOnNew, newTaskOnLegacy] = await Promise.all([
      pollTask(services.newUrl, fromLegacy),
      pollTask(services.legacyUrl, fromNew),
    ]);
    expect(legacyTaskOnNew.status).toBe('complete');
    expect(newTaskOnLegacy).toMatchObject({ status: 'complete', result: { risk_tolerance: 'aggressive' } });
  });

  it('answers 404 for an unknown task id on both backends', async () => {
    const legacy = await callApi(services.legacyUrl, 'GET', '/api/status/no-such-task');
    expect(legacy).toEqual({ status: 404, body: { error: 'not_found', message: 'Task no-such-task not found' } });
    expect(await callApi(services.newUrl, 'GET', '/api/status/no-such-task')).toEqual(legacy);
  });
});
