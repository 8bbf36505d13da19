// A proxy whose stdout is a pipe nobody reads (a stalled log shipper, a parent that stopped reading) must
// still stop on SIGTERM: the logger gives up on a stuck stdout after LOG_STUCK_MS instead of retrying
// forever (proxy/logging/boundedStdout.ts), both while draining and in the exit hook's synchronous flush.
// The drain deadline (30 s drain timeout + SHUTDOWN_GRACE_MS) is far beyond the bound asserted here.
// With --workers 2 this hung for good before the workers got stdout pipes of their own (the first worker to
// exit left the shared stdout blocking: proxy/cluster/workerOutput.ts).
import http from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/poll.ts';
import { isAlive, listeningWorkers } from '../../helpers/processAlive.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

const REQUESTS = 4_000;
const PARALLEL = 50;
/** Well under the drain deadline (40 s): exiting within it means the full pipe did not hold the exit. */
const EXIT_BOUND_MS = 15_000;

let legacy: TestUpstream | undefined;
let strangler: SpawnedStrangler | undefined;
let workerPids: number[] = [];

afterEach(async () => {
  for (const pid of workerPids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  strangler?.kill();
  await legacy?.close();
});

/** Sends REQUESTS small GETs over keep-alive; each one is a request log line the proxy must write. */
async function sendMany(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
  let ok = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      http
        .get(`${url}/fill-the-log`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) ok++;
            resolve();
          });
        })
        .on('error', () => resolve());
    });
  for (let sent = 0; sent < REQUESTS; sent += PARALLEL) await Promise.all(Array.from({ length: PARALLEL }, one));
  agent.destroy();
  return ok;
}

/** Past the logger's retry budget (LOG_STUCK_MS, 2 s): its writes have given up with an error by then. */
const STUCK_LONGER_MS = 2_500;

const readers = {
  'nobody reads': () => {},
  // The reader going away after the log was stuck: the exit flush meets EPIPE. sonic-boom 4's flushSync
  // slept and retried that forever (proxy/logging/boundedStdout.ts).
  'whose reader then goes away': (stdout: NodeJS.ReadableStream & { destroy(): void }) => stdout.destroy(),
};

for (const workers of ['1', '2'])
  for (const [reader, after] of Object.entries(readers)) {
    it(`--workers ${workers}: with stdout a full pipe ${reader}, SIGTERM still ends the proxy within ${EXIT_BOUND_MS / 1000} s`, async () => {
      legacy = await startUpstream(echoListener('legacy'));
      strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, ['--workers', workers]);
      if (workers !== '1') {
        await waitForLog(strangler, () => listeningWorkers(strangler!.logs).length === 2);
        workerPids = listeningWorkers(strangler.logs);
      }
      const stdout = strangler.child.stdout!;
      stdout.pause(); // from here on nothing reads the pipe: the kernel's buffer, then ours, fill up
      expect(await sendMany(strangler.proxyUrl)).toBe(REQUESTS);
      // Our side holds as much as it will read; the rest of the ≈ 200-byte lines are stuck in the proxy.
      expect(stdout.readableLength).toBeGreaterThanOrEqual(stdout.readableHighWaterMark);
      expect(REQUESTS * 150).toBeGreaterThan(5 * (stdout.readableLength + 64 * 1024));
      await new Promise((resolve) => setTimeout(resolve, STUCK_LONGER_MS));
      after(stdout);

      const signalledAt = performance.now();
      strangler.child.kill('SIGTERM');
      const exited = await Promise.race([
        strangler.exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), EXIT_BOUND_MS)),
      ]);
      const tookMs = Math.round(performance.now() - signalledAt);
      // The drain itself finishes (nothing is in flight): exit 0, the unwritten log lines dropped.
      expect(exited).toEqual({ code: 0, signal: null });
      expect(
        await pollUntil(
          async () => workerPids.filter(isAlive),
          (alive) => alive.length === 0,
          5_000,
        ),
      ).toEqual([]);
      console.log(`--workers ${workers}, stdout full, ${reader}: exited ${tookMs} ms after SIGTERM`);
    }, 60_000);
  }
