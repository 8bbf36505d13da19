// `strangler start` says where it serves (proxy, dashboard, docs with --demo, metrics); at a terminal its log
// is one readable line per entry, through a pipe it stays JSON lines.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, describeWithTool } from '../../helpers/requiredTool.ts';
import { spawnMain, writeConfig } from '../../helpers/spawnStrangler.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

const BIN = new URL('../../../bin/strangler.js', import.meta.url).pathname;

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let legacy: TestUpstream;
beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
});
afterAll(async () => {
  await legacy.close();
});

describe('through a pipe', () => {
  it('logs the URLs it serves as one JSON line, and requests as JSON', async () => {
    const spawned = spawnMain(
      ['--config', writeConfig({ backends: { legacy: { url: legacy.url } } }), '--workers', '1'],
      { STRANGLER_ADMIN_TOKENS: '' },
    );
    try {
      const serving = await until(() => spawned.logs.find((line) => line.msg === 'serving'), 'the serving line');
      const urls = serving.urls as Record<string, string>;
      expect(Object.keys(urls)).toEqual(['proxy', 'dashboard', 'metrics']);
      expect(urls.dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
      expect((await fetch(urls.metrics!)).status).toBe(200);
      await (await fetch(`${urls.proxy}/hello`)).text();
      await until(
        () => spawned.logs.find((line) => line.route === 'unmatched' && line.status === 200),
        'the JSON request line',
      );
    } finally {
      spawned.kill();
    }
  });
});

describeWithTool(findTool('script', 'bsdutils'), 'at a terminal (script gives it a pty)', (script) => {
  it('prints the URLs as a list and each request as one readable line', async () => {
    const config = writeConfig({ backends: { legacy: { url: legacy.url } } });
    const child = spawn(
      script,
      ['-qfc', `${process.execPath} ${BIN} start --workers 1 --config ${config}`, '/dev/null'],
      {
        env: { ...process.env, STRANGLER_ADMIN_TOKENS: '', LOG_LEVEL: 'info', STRANGLER_LOG_FORMAT: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const proxyUrl = await until(
        () => /Strangler is serving:\r?\n\s+proxy\s+(http:\/\/\S+)/.exec(out)?.[1],
        `the URL list in ${out}`,
      );
      expect(out).toMatch(/\s+dashboard\s+http:\/\/127\.0\.0\.1:\d+\/dashboard\r?\n/);
      expect(out).toMatch(/\s+metrics\s+http:\/\/127\.0\.0\.1:\d+\/metrics\r?\n/);
      expect(out).not.toContain('{"level"');
      await (await fetch(`${proxyUrl}/hello`)).text();
      const line = await until(
        () => /\d\d:\d\d:\d\d GET 200 unmatched → legacy [\d.]+ ms {2}req=\S+/.exec(out)?.[0],
        `the request line in ${out}`,
      );
      expect(line).toBeDefined();
    } finally {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    }
  });
});
