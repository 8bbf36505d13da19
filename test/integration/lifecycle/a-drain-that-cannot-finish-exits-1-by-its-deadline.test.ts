import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeldUpstream, type HeldUpstream } from '../../helpers/heldUpstream.ts';
import { pollUntil } from '../../helpers/poll.ts';
import { isAlive, listeningWorkers } from '../../helpers/processAlive.ts';
import { rawRequest } from '../../helpers/rawClient.ts';
import { spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { SHUTDOWN_GRACE_MS } from '../../../proxy/cluster/shutdownSignals.ts';

const DRAIN_TIMEOUT_MS = 1_000;
const DEADLINE_MS = DRAIN_TIMEOUT_MS + SHUTDOWN_GRACE_MS;

describe('with --workers 2, a drain that cannot finish ends by its deadline: the primary exits 1 at the drain timeout plus the grace, and its workers are gone', () => {
  let legacy: HeldUpstream;
  let strangler: SpawnedStrangler;
  let workerPids: number[] = [];

  beforeAll(async () => {
    legacy = await startHeldUpstream();
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, [
      '--workers',
      '2',
      '--drain-timeout',
      String(DRAIN_TIMEOUT_MS),
    ]);
  });
  afterAll(async () => {
    for (const pid of workerPids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    strangler.kill();
    legacy.releaseAll();
    await legacy.close();
  });

  it('exits 1 by the deadline', { timeout: 30_000 }, async () => {
    await waitForLog(strangler, () => listeningWorkers(strangler.logs).length === 2);
    workerPids = listeningWorkers(strangler.logs);
    // A proxy request the legacy never answers: its worker's drain runs into the drain timeout and cuts it.
    const held = fetch(`${strangler.proxyUrl}/held`).catch((error: unknown) => error);
    await pollUntil(
      async () => legacy.inFlight,
      (n) => n === 1,
    );
    // An admin request whose head never finishes: the admin listener's close waits for it (Node drops it
    // only at its headersTimeout, 60 s), so the primary's drain cannot complete.
    const stuckAdmin = rawRequest(strangler.adminUrl, 'GET /healthz HTTP/1.1\r\nHost: admin\r\nX-Slow: ', {
      waitMs: 30_000,
    });
    // Let the admin listener take the head before the signal.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = performance.now();
    strangler.child.kill('SIGTERM');
    const exit = await strangler.exited;
    const elapsedMs = performance.now() - signalledAt;
    console.log(
      `primary exited ${JSON.stringify(exit)} ${Math.round(elapsedMs)} ms after SIGTERM (deadline ${DEADLINE_MS} ms)`,
    );
    expect(exit).toEqual({ code: 1, signal: null });
    // Not before the deadline (the drain really was stuck), and not long after it (loaded machine: generous).
    expect(elapsedMs).toBeGreaterThan(DEADLINE_MS - 500);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + 5_000);
    expect(
      strangler.logs.some((line) => line.msg === 'shutdown: the drain did not finish by its deadline; exiting 1'),
    ).toBe(true);
    // The workers drained (their in-flight request cut at the drain timeout) and exited long before.
    expect(
      strangler.logs
        .filter((line) => line.msg === 'worker drained')
        .map((line) => line.result)
        .sort(),
    ).toEqual(['deadline', 'drained']);
    expect(workerPids.filter(isAlive)).toEqual([]);
    expect((await stuckAdmin).closedByServer).toBe(true);
    expect(await held).toBeInstanceOf(Error);
  });
});
