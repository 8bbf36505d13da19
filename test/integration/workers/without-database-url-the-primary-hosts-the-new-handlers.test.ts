// --workers 2 with in-process handlers and no DATABASE_URL: the services store is PGlite, one process, so the
// handlers run in the primary and both workers reach them over its loopback handler host (as before #14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { CONFIG, IN_PRIMARY, IN_WORKERS, request, servedBy } from '../../helpers/workerHandlers.ts';

describe('--workers 2 and in-process handlers on PGlite', () => {
  let onPglite: SpawnedStrangler;
  beforeAll(async () => {
    onPglite = await spawnStrangler(CONFIG, ['--workers', '2'], { DATABASE_URL: '', STRANGLER_DATA_DIR: 'memory://' });
  }, 60_000);
  afterAll(() => onPglite?.kill());

  it('without DATABASE_URL the handlers stay in the primary and both workers reach them over loopback', async () => {
    const pids = new Set<unknown>();
    for (let i = 0; i < 8; i++) {
      const answer = await request(`${onPglite.proxyUrl}/api/status`);
      expect(answer).toMatchObject({ status: 200, backend: 'new' });
      pids.add(await servedBy(onPglite, answer));
    }
    expect(pids.size).toBe(2);
    const started = onPglite.logs.filter((l) => l.msg === 'new services started');
    expect(started.map((l) => [l.store, l.worker])).toEqual([['pglite', undefined]]);
    const hosted = onPglite.logs.find((l) => l.msg === IN_PRIMARY);
    expect(onPglite.logs.some((l) => l.msg === IN_WORKERS)).toBe(false);
    expect(hosted?.handlerHost).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
