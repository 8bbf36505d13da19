import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection, servingWorkers } from '../../helpers/freshConnection.ts';

const IN_FLIGHT = 4;

describe('with --workers 2, SIGTERM to the primary: not ready at once, requests in flight on every worker finish, exit 0', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;
  let arrived = 0;
  // Legacy holds every answer until the test lets go, so the requests are in flight for as long as the test needs.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    legacy = await startUpstream((_req, res) => {
      arrived++;
      void released.then(() => res.end('slow done'));
    });
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, [
      '--workers',
      '2',
      '--drain-timeout',
      '20000',
    ]);
  });
  afterAll(async () => {
    release();
    strangler.kill();
    await legacy.close();
  });

  it('drains', async () => {
    const logsBefore = strangler.logs.length;
    // Fresh connections: node:cluster's round robin puts them on both workers.
    const answers = Array.from({ length: IN_FLIGHT }, () => getOnFreshConnection(`${strangler.proxyUrl}/slow`));
    expect(
      await pollUntil(
        async () => arrived,
        (n) => n === IN_FLIGHT,
        10_000,
      ),
    ).toBe(IN_FLIGHT);
    strangler.child.kill('SIGTERM');
    const ready = await pollUntil(
      async () => (await fetch(`${strangler.adminUrl}/readyz`)).status,
      (status) => status === 503,
      10_000,
    );
    expect(ready).toBe(503);
    // Not ready, and still draining: every request is held, so none has finished and the primary is alive.
    expect(strangler.child.exitCode).toBeNull();
    release();
    for (const answer of await Promise.all(answers)) expect(answer).toMatchObject({ status: 200, body: 'slow done' });
    expect(await strangler.exited).toEqual({ code: 0, signal: null });
    // The request log lines (written as each request ends, flushed before a worker exits) name the worker.
    expect((await servingWorkers(strangler.logs, logsBefore, IN_FLIGHT)).size).toBe(2);
    expect(strangler.logs.filter((line) => line.msg === 'worker drained' && line.result === 'drained')).toHaveLength(2);
  });
});
