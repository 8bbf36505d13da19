// An upstream that counts how many requests it is answering at once (and the most it ever was), and the
// order they arrived in; the body is `answer <url>;`, and each answer waits `delayMs` so overlapping
// requests really overlap.
import { startUpstream, type TestUpstream } from './upstream.ts';

export interface Concurrency {
  inFlight: number;
  maxInFlight: number;
  arrived: string[];
}

export type ConcurrencyUpstream = TestUpstream & { load: Concurrency };

export async function startConcurrencyUpstream(delayMs: number): Promise<ConcurrencyUpstream> {
  const load: Concurrency = { inFlight: 0, maxInFlight: 0, arrived: [] };
  const upstream = await startUpstream((req, res) => {
    load.inFlight += 1;
    load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
    load.arrived.push(req.url ?? '');
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      load.inFlight -= 1;
    };
    res.on('close', leave);
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        leave();
        res.end(`answer ${req.url};`);
      }, delayMs),
    );
  });
  return Object.assign(upstream, { load });
}
