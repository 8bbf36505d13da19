import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('with --workers 2, workers exit when the primary is killed (node:cluster exits a worker whose IPC channel closes), leaving no orphans', () => {
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
    const listening = () =>
      strangler.logs.filter((line) => line.msg === 'worker listening').map((line) => Number(line.worker));
    await waitForLog(strangler, () => listening().length === 2);
    workerPids = listening();
    expect(workerPids.every(isAlive)).toBe(true);
    strangler.child.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (workerPids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workerPids.filter(isAlive)).toEqual([]);
  });
});
