// A test whose outside program is missing cannot turn a CI run green by skipping: under CI=true it fails with
// a message naming the tool and its install command; a local run skips it with that same message.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE_DIR = path.resolve(import.meta.dirname, '../../fixtures/missing-tool');
const VITEST = path.resolve(import.meta.dirname, '../../../node_modules/vitest/vitest.mjs');
const MESSAGE =
  '`strangler-no-such-tool` is not installed: install it with `apt-get install -y strangler-no-such-package`';

function runFixture(ci: string | undefined): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  delete env.VITEST;
  if (ci !== undefined) env.CI = ci;
  const args = [VITEST, 'run', '--root', FIXTURE_DIR, '--config', path.join(FIXTURE_DIR, 'vitest.config.ts')];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('a test whose tool is missing', () => {
  it('fails under CI=true, naming the tool and the install command', async () => {
    const run = await runFixture('true');
    expect(run.code).toBe(1);
    expect(run.output).toContain(MESSAGE);
    expect(run.output).toMatch(/Tests +1 failed/);
  });

  it('skips locally, saying why', async () => {
    const run = await runFixture(undefined);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`SKIPPED "needs a missing tool": ${MESSAGE}`);
    expect(run.output).toMatch(/Tests +1 skipped/);
  });
});
