import { afterEach, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

describe('`strangler start` without --demo', () => {
  let legacy: TestUpstream | undefined;
  let strangler: SpawnedStrangler | undefined;
  afterEach(async () => {
    strangler?.kill();
    await legacy?.close();
  });

  it('serves in-process handler routes from the new services and forwards the rest to the configured legacy', async () => {
    legacy = await startUpstream(echoListener('legacy'));
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [
          { id: 'status', match: { methods: ['GET'], path: '/api/status' }, new: { handler: 'status' }, weight: 100 },
        ],
      },
      ['--workers', '1'],
      { STRANGLER_DATA_DIR: 'memory://' },
    );
    const status = await fetch(`${strangler.proxyUrl}/api/status`);
    expect(status.headers.get('x-strangler-backend')).toBe('new');
    expect(await status.json()).toMatchObject({ status: expect.any(String), version: expect.any(String) });

    const other = await fetch(`${strangler.proxyUrl}/api/balances`);
    expect(other.headers.get('x-strangler-backend')).toBe('legacy');
    expect(await other.json()).toMatchObject({ backend: 'legacy', url: '/api/balances' });
    // No legacy reference server was started: only the demo starts one.
    expect(strangler.logs.some((line) => line.msg === 'reference stack started')).toBe(false);
  });
});
