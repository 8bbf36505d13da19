// Issue 12 item 10: the documented start command (`node bin/strangler.js start`, as in docs/OPERATIONS.md's
// systemd unit) is the proxy itself: SIGHUP to that PID reloads, SIGTERM drains and exits 0, nothing is
// left listening (npx would have died and orphaned the proxy).
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnStrangler } from '../../helpers/spawnStrangler.ts';

const BIN = new URL('../../../bin/strangler.js', import.meta.url).pathname;

const reloads = async (adminUrl: string) =>
  Number(
    /strangler_config_reload_total\{result="success"\} (\d+)/.exec(
      await (await fetch(`${adminUrl}/metrics`)).text(),
    )?.[1] ?? 0,
  );

const refusesConnections = (url: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

describe('node bin/strangler.js start receives the signals itself', () => {
  it('SIGHUP reloads, SIGTERM drains and exits 0 with nothing left listening', async () => {
    const strangler = await spawnStrangler(
      { backends: { legacy: { url: 'http://127.0.0.1:9' } } },
      ['--workers', '2'],
      { STRANGLER_RUNTIME: 'tsx' },
      [BIN, 'start'],
    );
    try {
      const before = await reloads(strangler.adminUrl);
      strangler.child.kill('SIGHUP');
      await expect.poll(() => reloads(strangler.adminUrl), { timeout: 10_000 }).toBe(before + 1);
      strangler.child.kill('SIGTERM');
      expect(await strangler.exited).toEqual({ code: 0, signal: null });
      expect(await refusesConnections(strangler.proxyUrl)).toBe(true);
      expect(await refusesConnections(strangler.adminUrl)).toBe(true);
    } finally {
      strangler.kill();
    }
  }, 90_000);
});
