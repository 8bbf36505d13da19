// Graceful drain of one proxy listener: stop accepting, let in-flight requests finish (up to a
// deadline), close keep-alive connections as soon as they go idle, and send WebSockets a 1001 close.
import type { Server } from 'node:http';
import type { ProxyListener } from '../app.ts';
import type { UpgradeListener } from '../pipeline/upgrade.ts';

/** Idle keep-alive connections are looked for this often while draining. */
const IDLE_SWEEP_MS = 50;

export type DrainResult = 'drained' | 'deadline';

export function drainProxyServer(
  server: Server & { proxyListener: ProxyListener },
  upgrades: UpgradeListener,
  timeoutMs: number,
): Promise<DrainResult> {
  return new Promise((resolve) => {
    // Responses not started yet, and requests that still arrive on an open keep-alive connection, carry
    // `Connection: close`: each is served, then its connection closes.
    server.proxyListener.closeAfterCurrent();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      upgrades.destroyAll();
      server.closeAllConnections();
      finish('deadline');
    }, timeoutMs);
    let finished = false;
    function finish(result: DrainResult) {
      if (finished) return;
      finished = true;
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(result);
    }
    server.close(() => finish('drained'));
    server.closeIdleConnections();
    upgrades.goAway();
  });
}
