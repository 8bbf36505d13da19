// One shared coarse timer for every forward's upstream-silence deadline, instead of a setTimeout per
// request (issue 15: a timer object, its list insertion and a refresh() per body chunk, all per request).
// Each watch records when it last saw activity on a clock read once per tick; a tick every TICK_MS fires
// the watches silent for their timeout. A watch fires between timeoutMs and timeoutMs + 2 × TICK_MS after
// its last activity — never early. The interval runs only while some forward is in flight. The watches
// live in a SlotList, not a Set: see slotList.ts for what a Set's churn cost.
import { SlotList, type Slotted } from './slotList.ts';

const TICK_MS = 50;

const watched = new SlotList<SilenceWatch>();
let interval: NodeJS.Timeout | undefined;
let coarseNow = 0;

export class SilenceWatch implements Slotted {
  slotIndex = -1;
  lastActivity = coarseNow;

  constructor(
    readonly timeoutMs: number,
    readonly onSilence: () => void,
  ) {}

  /** Activity seen: the silence starts again. */
  refresh(): void {
    this.lastActivity = coarseNow;
  }

  /** Stops watching (the forward settled). */
  stop(): void {
    watched.remove(this);
  }
}

function fireIfSilent(watch: SilenceWatch): void {
  // lastActivity may be up to one tick older than the activity itself: wait one tick more than the timeout.
  if (coarseNow - watch.lastActivity < watch.timeoutMs + TICK_MS) return;
  watched.remove(watch);
  watch.onSilence();
}

function tick(): void {
  coarseNow = performance.now();
  watched.forEach(fireIfSilent);
  if (watched.size === 0 && interval) {
    clearInterval(interval);
    interval = undefined;
  }
}

export function watchSilence(timeoutMs: number, onSilence: () => void): SilenceWatch {
  if (!interval) {
    coarseNow = performance.now(); // stale while no interval ran
    interval = setInterval(tick, TICK_MS);
    interval.unref();
  }
  const watch = new SilenceWatch(timeoutMs, onSilence);
  watched.add(watch);
  return watch;
}
