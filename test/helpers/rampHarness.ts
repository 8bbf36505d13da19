// A real proxy in front of a legacy upstream with fixed latency and a faulty new handler, running the
// ramp controller on a manual clock; drive() sends client traffic until both backends have enough.
import { handlerRegistry } from '../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from './proxy.ts';
import { startUpstream, type TestUpstream } from './upstream.ts';
import { faultyHandler, type Faults, type FaultyHandler } from './faultyHandler.ts';
import { ManualClock } from './manualClock.ts';

export const ROUTE = 'quote';
const CONCURRENCY = 32;

export interface RampHarness {
  proxy: TestProxy;
  clock: ManualClock;
  faulty: FaultyHandler;
  drive(minPerBackend: number): Promise<void>;
  admin(method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startRampHarness(options: {
  legacyLatencyMs: number;
  faults: Faults;
  ramp: Record<string, unknown>;
}): Promise<RampHarness> {
  const legacy: TestUpstream = await startUpstream((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"price":10}');
    }, options.legacyLatencyMs);
  });
  const faulty = faultyHandler(() => ({ price: 10 }), options.faults);
  const clock = new ManualClock();
  const proxy = await startProxy({
    handlers: handlerRegistry({ quote: faulty.handler }),
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        {
          id: ROUTE,
          match: { path: '/quote' },
          new: { handler: 'quote' },
          weight: 0,
          phase: 'shadow',
          ramp: options.ramp,
        },
      ],
    },
    start: { rampController: true, clock },
  });
  let user = 0;
  const send = async () => {
    const res = await fetch(`${proxy.url}/quote`, { headers: { 'x-user-id': `user-${user++}` } });
    await res.arrayBuffer();
  };
  return {
    proxy,
    clock,
    faulty,
    async drive(minPerBackend) {
      const enough = () => {
        const evidence = proxy.cutover.evidence.peek(ROUTE);
        return evidence.legacy.requests >= minPerBackend && evidence.new.requests >= minPerBackend;
      };
      while (!enough()) await Promise.all(Array.from({ length: CONCURRENCY }, send));
    },
    async admin(method, path) {
      const res = await fetch(`${proxy.adminUrl}${path}`, { method });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async close() {
      await proxy.close();
      await legacy.close();
    },
  };
}
