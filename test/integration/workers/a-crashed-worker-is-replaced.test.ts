import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { getOnFreshConnection } from '../../helpers/freshConnection.ts';

describe('with --workers 2, a worker that dies is replaced and the port keeps serving', () => {
  let legacy: TestUpstream;
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, ['--workers', '2']);
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('replaces a SIGKILLed worker, then drains all on SIGTERM and exits 0', async () => {
    const listening = () =>
      strangler.logs.filter((line) => line.msg === 'worker listening').map((line) => Number(line.worker));
    await waitForLog(strangler, () => listening().length === 2);
    expect((await fetch(`${strangler.adminUrl}/readyz`)).status).toBe(200); // ready once workers listen
    const [victim, survivor] = listening();
    process.kill(victim!, 'SIGKILL');
    await waitForLog(strangler, (line) => String(line.msg).startsWith('proxy worker died'));
    await waitForLog(strangler, () => listening().length === 3, 15_000);
    const replacement = listening()[2]!;
    expect([victim, survivor]).not.toContain(replacement);
    for (let i = 0; i < 10; i++) expect((await getOnFreshConnection(`${strangler.proxyUrl}/x`)).status).toBe(200);
    strangler.child.kill('SIGTERM');
    expect(await strangler.exited).toEqual({ code: 0, signal: null });
    expect(() => process.kill(replacement, 0)).toThrow(); // workers are gone with the primary
  });
});
