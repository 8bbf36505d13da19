// The common setup of forwarding tests: a proxy whose every request goes to one legacy upstream.
import { startProxy, type TestProxy } from './proxy.ts';

export function startLegacyProxy(legacyUrl: string, extra: Record<string, unknown> = {}): Promise<TestProxy> {
  return startProxy({ config: { backends: { legacy: { url: legacyUrl } }, ...extra } });
}

/** Waits until `check` holds, polling; for effects that land a little after a response (aborts, metrics). */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
