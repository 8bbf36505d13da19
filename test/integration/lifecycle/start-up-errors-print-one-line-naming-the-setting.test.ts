// `strangler start` failing for something the operator must change prints one line naming the cause and the
// config key or environment variable, exits 1, and shows no stack trace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnMain, writeConfig } from '../../helpers/spawnStrangler.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

const BIN = new URL('../../../bin/strangler.js', import.meta.url).pathname;

async function startFailure(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  const spawned = spawnMain([...args, '--workers', '1'], { STRANGLER_ADMIN_TOKENS: '', ...env }, [BIN, 'start']);
  const exit = await Promise.race([
    spawned.exited,
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
  ]);
  spawned.kill();
  return { code: exit === 'still running' ? null : exit.code, stderr: spawned.stderr() };
}

function expectOneLine(result: { code: number | null; stderr: string }, ...parts: string[]): void {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^strangler start: /);
  for (const part of parts) expect(result.stderr).toContain(part);
}

describe('start-up errors', () => {
  let occupant: TestUpstream;
  beforeAll(async () => {
    occupant = await startUpstream((_req, res) => res.end());
  });
  afterAll(async () => {
    await occupant.close();
  });

  it('name the port in use, the short token, the unreadable config', async () => {
    const port = Number(new URL(occupant.url).port);
    const legacy = { backends: { legacy: { url: occupant.url } } };
    const [proxyPort, adminPort, shortToken, directory, missing] = await Promise.all([
      startFailure(['--config', writeConfig({ ...legacy, listen: { host: '127.0.0.1', port } })]),
      startFailure(['--config', writeConfig({ ...legacy, admin: { host: '127.0.0.1', port } })]),
      startFailure(['--config', writeConfig(legacy)], { STRANGLER_ADMIN_TOKENS: 'ops=short' }),
      startFailure(['--config', mkdtempSync(join(tmpdir(), 'strangler-dir-'))]),
      startFailure(['--config', join(tmpdir(), 'strangler-no-such-routes.yaml')]),
    ]);
    expectOneLine(
      proxyPort,
      `the proxy cannot listen on 127.0.0.1:${port}`,
      'already in use (EADDRINUSE)',
      'listen.port',
    );
    expectOneLine(adminPort, `the admin listener cannot listen on 127.0.0.1:${port}`, 'admin.port');
    expectOneLine(shortToken, 'STRANGLER_ADMIN_TOKENS', 'shorter than 16 characters');
    expectOneLine(directory, 'it is a directory', '--config', 'STRANGLER_CONFIG');
    expectOneLine(missing, 'file not found', 'STRANGLER_CONFIG');
  });
});
