import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesYaml } from '../../helpers/adminFixtures.ts';
import { spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';

const LEGACY = 'http://127.0.0.1:9';
const BIN = path.resolve(import.meta.dirname, '../../../bin/strangler.js');

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt. */
function shiftOnTerminal(adminUrl: string, weight: number, answer: string): Promise<{ code: number; output: string }> {
  const command = `${process.execPath} ${BIN} shift orders ${weight} --reason "terminal test"`;
  return new Promise((resolve) => {
    const child = execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, STRANGLER_ADMIN_URL: adminUrl }, timeout: 30_000 }, (error, stdout) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout }),
    );
    // Typed only once the prompt is up, as a person would.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('[y/N]')) child.stdin!.write(`${answer}\n`);
    });
  });
}

describe.skipIf(!existsSync('/usr/bin/script'))('strangler shift on a terminal', () => {
  let proxy: ProxyProcess;
  beforeAll(async () => {
    proxy = await spawnProxyProcess(LEGACY);
  });
  afterAll(() => proxy.stop());

  it('answering no applies nothing (exit 6); answering yes applies the change', async () => {
    const declined = await shiftOnTerminal(proxy.adminUrl, 40, 'n');
    expect(declined.output).toContain('apply this change? [y/N]');
    expect(declined.code).toBe(6);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml(LEGACY));

    const accepted = await shiftOnTerminal(proxy.adminUrl, 40, 'y');
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain('applied: orders 10% → 40%');
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml(LEGACY, { orders: 40 }));
  });
});
