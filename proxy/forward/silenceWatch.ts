// One shared coarse timer for every forward's upstream-silence deadline, instead of a setTimeout per
// request (issue 15: a timer object, its list insertion and a refresh() per body chunk, all per request).
// Each watch records when it last saw activity on a clock read once per tick; a tick every TICK_MS fires
// the watches silent for their timeout. A watch fires between timeoutMs and timeoutMs + 2 × TICK_MS after
// its last activity — never early. The interval runs only while some forward is in flight.
const TICK_MS = 50;

export interface SilenceWatch {
  /** Activity seen: the silence starts again. */
  refresh(): void;
  /** Stops watching (the forward settled). */
  stop(): void;
}

interface Entry {
  lastActivity: number;
  readonly timeoutMs: number;
  readonly onSilence: () => void;
}

const watched = new Set<Entry>();
let interval: NodeJS.Timeout | undefined;
let coarseNow = 0;

function tick(): void {
  coarseNow = performance.now();
  for (const entry of watched) {
    // lastActivity may be up to one tick older than the activity itself: wait one tick more than the timeout.
    if (coarseNow - entry.lastActivity < entry.timeoutMs + TICK_MS) continue;
    watched.delete(entry);
    entry.onSilence();
  }
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
  const entry: Entry = { lastActivity: coarseNow, timeoutMs, onSilence };
  watched.add(entry);
  return {
    refresh: () => void (entry.lastActivity = coarseNow),
    stop: () => void watched.delete(entry),
  };
}
