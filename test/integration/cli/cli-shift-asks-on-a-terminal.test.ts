import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { routesYaml } from '../../helpers/adminFixtures.ts';
import { spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';
import { describeWithTool, findTool } from '../../helpers/requiredTool.ts';

const LEGACY = 'http://127.0.0.1:9';
// util-linux's `script` gives the CLI a pseudo-terminal; Debian ships it in bsdutils.
const SCRIPT = findTool('script', 'bsdutils');
const BIN = path.resolve(import.meta.dirname, '../../../bin/strangler.js');

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt. */
function shiftOnTerminal(
  script: string,
  adminUrl: string,
  weight: number,
  answer: string,
): Promise<{ code: number; output: string }> {
  const command = `${process.execPath} ${BIN} shift orders ${weight} --reason "terminal test"`;
  return new Promise((resolve) => {
    const options = { env: { ...process.env, STRANGLER_ADMIN_URL: adminUrl }, timeout: 30_000 };
    const child = execFile(script, ['-qec', command, '/dev/null'], options, (error, stdout) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout }),
    );
    // Typed only once the prompt is up, as a person would.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('[y/N]')) child.stdin!.write(`${answer}\n`);
    });
  });
}

describeWithTool(SCRIPT, 'strangler shift on a terminal', (script) => {
  let proxy: ProxyProcess;
  beforeAll(async () => {
    proxy = await spawnProxyProcess(LEGACY);
  });
  afterAll(() => proxy.stop());

  it('answering no applies nothing (exit 6); answering yes applies the change', async () => {
    const declined = await shiftOnTerminal(script, proxy.adminUrl, 40, 'n');
    expect(declined.output).toContain('apply this change? [y/N]');
    expect(declined.code).toBe(6);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml(LEGACY));

    const accepted = await shiftOnTerminal(script, proxy.adminUrl, 40, 'y');
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain('applied: orders 10% → 40%');
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml(LEGACY, { orders: 40 }));
  });
});
