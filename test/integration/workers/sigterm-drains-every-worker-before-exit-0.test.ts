import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection } from '../../helpers/freshConnection.ts';

const SLOW_ANSWER_MS = 1_500;
const IN_FLIGHT = 4;

describe('with --workers 2, SIGTERM to the primary: not ready at once, requests in flight on every worker finish, exit 0', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;
  let arrived = 0;

  beforeAll(async () => {
    legacy = await startUpstream((_req, res) => {
      arrived++;
      setTimeout(() => res.end('slow done'), SLOW_ANSWER_MS);
    });
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, ['--workers', '2', '--drain-timeout', '20000']);
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('drains', async () => {
    // Fresh connections: round robin puts requests on both workers.
    const answers = Array.from({ length: IN_FLIGHT }, () => getOnFreshConnection(`${strangler.proxyUrl}/slow`));
    while (arrived < IN_FLIGHT) await new Promise((resolve) => setTimeout(resolve, 20));
    strangler.child.kill('SIGTERM');
    let ready = 200;
    for (let tries = 0; tries < 50 && ready === 200; tries++) ready = (await fetch(`${strangler.adminUrl}/readyz`)).status;
    expect(ready).toBe(503);
    for (const answer of await Promise.all(answers)) expect(answer).toMatchObject({ status: 200, body: 'slow done' });
    expect(await strangler.exited).toEqual({ code: 0, signal: null });
    expect(strangler.logs.filter((line) => line.msg === 'worker drained' && line.result === 'drained')).toHaveLength(2);
  });
});
