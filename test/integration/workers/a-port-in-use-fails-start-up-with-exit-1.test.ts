import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnMain, writeConfig } from '../../helpers/spawnStrangler.ts';

describe('with --workers 2, a proxy port already in use stops start-up with exit 1 instead of respawning workers forever', () => {
  let occupant: TestUpstream;

  beforeAll(async () => {
    occupant = await startUpstream((_req, res) => res.end());
  });
  afterAll(async () => {
    await occupant.close();
  });

  it('exits 1 and names the cause', async () => {
    const port = Number(new URL(occupant.url).port);
    const file = writeConfig(
      `listen: { host: 127.0.0.1, port: ${port} }\nadmin: { host: 127.0.0.1, port: 0 }\nbackends:\n  legacy: { url: "${occupant.url}" }\n`,
    );
    const spawned = spawnMain(['--config', file, '--workers', '2']);
    const exit = await Promise.race([
      spawned.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
    ]);
    spawned.kill();
    expect(exit).toEqual({ code: 1, signal: null });
    expect(spawned.stderr()).toContain('EADDRINUSE');
    expect(spawned.stderr()).toContain(
      `the proxy cannot listen on 127.0.0.1:${port}: the port is already in use (EADDRINUSE)`,
    );
    expect(spawned.stderr()).toContain('set listen.port in routes.yaml');
    expect(spawned.stderr()).not.toMatch(/\n {4}at /);
  });
});
