// An upstream that holds every request until the test lets it go (`releaseAll`, or `autoAnswer` for
// the ones after), so a test decides exactly how many are in flight. It records arrival order and the
// most requests it was ever answering at once, counted from arrival until it answered or saw the close.
import { startUpstream, type TestUpstream } from './upstream.ts';

export interface HeldUpstream extends TestUpstream {
  arrived: string[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Answers every request held now (`answer <url>;`), in arrival order. */
  releaseAll(): void;
  /** From now on answer at once instead of holding. */
  autoAnswer(on: boolean): void;
}

export async function startHeldUpstream(): Promise<HeldUpstream> {
  let inFlight = 0;
  let maxInFlight = 0;
  let auto = false;
  const arrived: string[] = [];
  const held: Array<() => void> = [];
  const upstream = await startUpstream((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    arrived.push(req.url ?? '');
    let done = false;
    const leave = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.on('close', leave);
    req.resume();
    const answer = () => {
      leave();
      res.end(`answer ${req.url};`);
    };
    req.on('end', () => (auto ? answer() : held.push(answer)));
  });
  // A literal, not Object.assign: assign would copy each getter's value once instead of the getter.
  return {
    url: upstream.url,
    server: upstream.server,
    close: upstream.close,
    arrived,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    releaseAll: () => held.splice(0).forEach((answer) => answer()),
    autoAnswer: (on: boolean) => {
      auto = on;
    },
  };
}
