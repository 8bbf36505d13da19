// The process under soak (forked by soak.ts): the reference stack (in-memory store, legacy on a free
// 127.0.0.1 port) behind a Strangler with hot reload on its own routes.yaml. Measures its own RSS and
// event-loop delay, so the load generator's work never shows up in them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { startReferenceStack } from '../../services/stack.ts';
import { loadSnapshot } from '../../proxy/config/load.ts';
import { startStrangler } from '../../proxy/start.ts';

export interface TargetReady {
  type: 'ready';
  proxyUrl: string;
  adminUrl: string;
  legacyUrl: string;
  configFile: string;
}
export interface TargetSample {
  type: 'sample';
  rssBytes: number;
  /** V8 heap in use right after a full GC; only when the sample asked for it (a full GC pauses the loop). */
  heapAfterGcBytes?: number;
  eventLoopLagP99Ms: number;
  eventLoopLagMaxMs: number;
}

export function soakRoutesYaml(legacyUrl: string): string {
  return `# soak routes: the driver flips orders' weight through the admin API and rewrites status's weight
listen: { host: 127.0.0.1, port: 0 }
admin: { host: 127.0.0.1, port: 0 }
backends:
  legacy: { url: "${legacyUrl}" }
routes:
  - id: orders
    match: { methods: [GET, POST], path: /api/orders }
    new: { handler: orders }
    weight: 50
  - id: status
    match: { methods: [GET], path: /api/status }
    new: { handler: status }
    weight: 0
`;
}

const stack = await startReferenceStack({
  dataDir: 'memory://',
  legacyHost: '127.0.0.1',
  legacyPort: 0,
  marketLatencyMs: 5,
});
const configFile = join(mkdtempSync(join(tmpdir(), 'strangler-soak-')), 'routes.yaml');
writeFileSync(configFile, soakRoutesYaml(stack.legacyUrl));
const snapshot = await loadSnapshot(configFile, { handlerNames: stack.handlers.names });
const strangler = await startStrangler({
  snapshot,
  handlers: stack.handlers,
  logger: pino({ level: 'warn' }),
  configFile,
});
const lag = monitorEventLoopDelay({ resolution: 10 });

process.on('message', async (message: { type: string; heap?: boolean }) => {
  if (message.type === 'sample') {
    // Percentiles since the previous sample, so warm-up does not count toward the steady state.
    const sample: TargetSample = {
      type: 'sample',
      rssBytes: process.memoryUsage().rss,
      eventLoopLagP99Ms: lag.percentile(99) / 1e6,
      eventLoopLagMaxMs: lag.max / 1e6,
    };
    // RSS also grows with the in-memory store's rows (WebAssembly memory); the JS heap after a full GC is
    // what a leak in the proxy or the handlers would grow.
    if (message.heap) {
      (globalThis as { gc?: () => void }).gc?.();
      sample.heapAfterGcBytes = process.memoryUsage().heapUsed;
    }
    lag.reset();
    process.send!(sample);
  } else if (message.type === 'stop') {
    await strangler.close();
    await stack.close();
    process.exit(0);
  }
});
lag.enable();
const ready: TargetReady = {
  type: 'ready',
  proxyUrl: strangler.proxyUrl,
  adminUrl: strangler.adminUrl,
  legacyUrl: stack.legacyUrl,
  configFile,
};
process.send!(ready);
