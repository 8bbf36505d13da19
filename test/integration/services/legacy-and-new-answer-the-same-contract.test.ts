// The same request sequence against legacy and against new (each on its own fresh store) gives equal
// status codes and equal JSON, except the volatile fields listed once below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { callApi, pollTask, SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';
import {
  runContractSequence as run,
  CONTRACT_SEQUENCE as SEQUENCE,
  withoutVolatile,
} from '../../helpers/contractSequence.ts';

describe('legacy and new answer the same contract', () => {
  let legacySide: ServicesUnderTest;
  let newSide: ServicesUnderTest;
  beforeAll(async () => {
    [legacySide, newSide] = await Promise.all([startServices(), startServices()]);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([legacySide?.close(), newSide?.close()]);
  });

  it('gives equal status codes and bodies for every step of the sequence', async () => {
    const legacy = await run(legacySide.legacyUrl);
    const fresh = await run(newSide.newUrl);
    SEQUENCE.forEach(([method, path], i) => {
      const step = `${i}: ${method} ${path}`;
      expect({ step, status: fresh[i]!.status, body: withoutVolatile(fresh[i]!.body) }).toEqual({
        step,
        status: legacy[i]!.status,
        body: withoutVolatile(legacy[i]!.body),
      });
    });
    const statuses = new Set(legacy.map((a) => a.status));
    for (const expected of [200, 201, 400, 401, 404, 409, 422]) expect(statuses).toContain(expected);
  });

  it('gives equal analysis results for the same request', async () => {
    const submit = async (base: string) => {
      const accepted = await callApi(base, 'POST', '/api/analyze', SAMPLE_ANALYSIS);
      expect(accepted).toMatchObject({ status: 202, body: { status: 'processing' } });
      return pollTask(base, (accepted.body as { task_id: string }).task_id);
    };
    const [legacy, fresh] = await Promise.all([submit(legacySide.legacyUrl), submit(newSide.newUrl)]);
    expect(legacy.status).toBe('complete');
    expect(fresh).toEqual(legacy);
  });
});
