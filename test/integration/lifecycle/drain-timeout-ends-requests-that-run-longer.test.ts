import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

const DRAIN_TIMEOUT_MS = 500;

describe('a request still running at the drain timeout is cut and the process exits 0 anyway', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;
  let arrived: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));

  beforeAll(async () => {
    legacy = await startUpstream(() => arrived()); // never answers
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, [
      '--workers',
      '1',
      '--drain-timeout',
      String(DRAIN_TIMEOUT_MS),
    ]);
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('exits after the deadline', async () => {
    const hanging = fetch(`${strangler.proxyUrl}/forever`).then(
      () => 'answered',
      () => 'connection cut',
    );
    await requestArrived;
    const signalledAt = Date.now();
    strangler.child.kill('SIGTERM');
    expect(await strangler.exited).toEqual({ code: 0, signal: null });
    const took = Date.now() - signalledAt;
    expect(took).toBeGreaterThanOrEqual(DRAIN_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(DRAIN_TIMEOUT_MS + 10_000); // generous: process exit on a busy machine
    expect(await hanging).toBe('connection cut');
    expect(strangler.logs.some((line) => line.result === 'deadline')).toBe(true);
  });
});
