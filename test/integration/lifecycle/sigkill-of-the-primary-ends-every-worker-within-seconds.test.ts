import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/poll.ts';
import { isAlive, listeningWorkers } from '../../helpers/processAlive.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

describe('with --workers 2, SIGKILL of the primary ends every worker within seconds (node:cluster exits a worker whose IPC channel closes), leaving no orphans', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;
  let workerPids: number[] = [];

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, ['--workers', '2']);
  });
  afterAll(async () => {
    for (const pid of workerPids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    strangler.kill();
    await legacy.close();
  });

  it('exits every worker', async () => {
    await waitForLog(strangler, () => listeningWorkers(strangler.logs).length === 2);
    workerPids = listeningWorkers(strangler.logs);
    expect(workerPids.every(isAlive)).toBe(true);
    // A keep-alive connection on each worker too: an open client connection must not keep a worker alive.
    expect((await fetch(`${strangler.proxyUrl}/a`)).status).toBe(200);
    const killedAt = performance.now();
    strangler.child.kill('SIGKILL');
    const left = await pollUntil(
      async () => workerPids.filter(isAlive),
      (alive) => alive.length === 0,
      10_000,
    );
    expect(left).toEqual([]);
    console.log(`workers gone ${Math.round(performance.now() - killedAt)} ms after SIGKILL of the primary`);
  });
});
