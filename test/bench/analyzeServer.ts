// The benchmark's server process: the reference stack (legacy + new handlers) on an in-memory store, so the
// load generator does not share an event loop with the backends it measures. Prints one JSON line with the
// URLs, and stops when its stdin closes.
import { serveHandlers } from '../helpers/servicesServer.ts';
import { startReferenceStack } from '../../services/stack.ts';

const marketLatencyMs = Number(process.env.BENCH_MARKET_LATENCY_MS ?? '300');
const stack = await startReferenceStack({
  dataDir: 'memory://',
  legacyPort: 0,
  marketLatencyMs,
  priceTickMs: 0,
  fmp: { apiKey: '' },
});
const server = await serveHandlers(stack.handlers);
const { port } = server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ legacy: stack.legacyUrl, new: `http://127.0.0.1:${port}` })}\n`);

process.stdin.resume();
process.stdin.on('end', async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await stack.close();
  process.exit(0);
});
