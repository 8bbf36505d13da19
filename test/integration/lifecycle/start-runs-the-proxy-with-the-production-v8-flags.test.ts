// Issue 15: `strangler start` (as systemd and the container run it: `node bin/strangler.js start`) runs the
// proxy with the production V8 flags on node's command line — the primary and each --workers child — and
// a NODE_OPTIONS the user gives still wins. Read from /proc/PID/cmdline and /proc/PID/environ (Linux).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_V8_FLAGS } from '../../../bin/v8Flags.js';
import { spawnStrangler } from '../../helpers/spawnStrangler.ts';

const BIN = new URL('../../../bin/strangler.js', import.meta.url).pathname;
const config = { backends: { legacy: { url: 'http://127.0.0.1:9' } } };

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

describe.runIf(process.platform === 'linux')('strangler start and the V8 flags', () => {
  it('runs the proxy and its workers with the production flags on the node command line', async () => {
    const strangler = await spawnStrangler(config, ['--workers', '2'], { STRANGLER_RUNTIME: 'tsx', NODE_OPTIONS: '' }, [
      BIN,
      'start',
    ]);
    try {
      // The bin relaunched node once with the flags: its one child is the proxy's primary.
      const [primary, ...others] = childrenOf(strangler.child.pid!);
      expect(others).toEqual([]);
      expect(cmdline(primary!)).toEqual(expect.arrayContaining([...PRODUCTION_V8_FLAGS, BIN, 'start']));
      const workers = childrenOf(primary!);
      expect(workers).toHaveLength(2);
      for (const worker of workers) expect(cmdline(worker)).toEqual(expect.arrayContaining([...PRODUCTION_V8_FLAGS]));
      // It answers on the port the log named (the relaunched process is the proxy).
      expect((await fetch(`${strangler.adminUrl}/healthz`)).status).toBe(200);
      strangler.child.kill('SIGTERM');
      expect(await strangler.exited).toEqual({ code: 0, signal: null });
    } finally {
      strangler.kill();
    }
  }, 60_000);

  it("lets a flag the user gives win: the bin adds only the missing ones, the user's value stays", async () => {
    const strangler = await spawnStrangler(
      config,
      ['--workers', '1'],
      { STRANGLER_RUNTIME: 'tsx', NODE_OPTIONS: '--max-semi-space-size=8' },
      [BIN, 'start'],
    );
    try {
      // Relaunched for --no-memory-reducer alone: the young-generation size is the user's NODE_OPTIONS.
      const [proxy, ...others] = childrenOf(strangler.child.pid!);
      expect(others).toEqual([]);
      expect(cmdline(proxy!)).toContain('--no-memory-reducer');
      expect(cmdline(proxy!).some((arg) => arg.includes('semi-space'))).toBe(false);
      expect(environ(proxy!)).toContain('NODE_OPTIONS=--max-semi-space-size=8');
      expect((await fetch(`${strangler.adminUrl}/healthz`)).status).toBe(200);
    } finally {
      strangler.kill();
    }
  }, 60_000);

  it('does not relaunch when every flag is named already, in either spelling', async () => {
    // --memory-reducer (V8's default, spelt out) names the same flag as --no-memory-reducer: the user's choice.
    const strangler = await spawnStrangler(
      config,
      ['--workers', '1'],
      { STRANGLER_RUNTIME: 'tsx', NODE_OPTIONS: '--max-semi-space-size=8' },
      ['--memory-reducer', BIN, 'start'],
    );
    try {
      const pid = strangler.child.pid!;
      expect(childrenOf(pid)).toEqual([]); // the process started is the proxy itself
      expect(cmdline(pid)).not.toContain('--no-memory-reducer');
      expect((await fetch(`${strangler.adminUrl}/healthz`)).status).toBe(200);
    } finally {
      strangler.kill();
    }
  }, 60_000);
});
