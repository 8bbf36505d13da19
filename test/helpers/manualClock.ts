// A clock the test moves by hand: timers fire (and are awaited) only inside advance().
import type { Clock } from '../../proxy/cutover/clock.ts';

interface Timer {
  id: number;
  at: number;
  fn: () => unknown;
}

export class ManualClock implements Clock {
  private time = Date.parse('2026-03-01T00:00:00Z');
  private timers: Timer[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => unknown, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      await due.fn();
    }
    this.time = target;
  }
}
