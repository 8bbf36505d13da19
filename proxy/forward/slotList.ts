// The items in flight (forwards under the silence watch, responses a drain must mark), with O(1) add and
// remove in a plain array whose slot is overwritten the moment an item leaves. Long-lived Sets with an add
// and a delete per request were two of the three things (the third: forwardTypes.ts's Settler) that kept
// every request's objects alive through young-generation GCs until a full GC: on the legacy path 3.9 MB
// promoted per scavenge and 15–25 ms pauses, against ≈ 25 KB and ≈ 1.5 ms with all three gone
// (docs/BENCHMARKS.md, "The promotion, found").

/** An item remembers its own position; -1 while it is in no list. */
export interface Slotted {
  slotIndex: number;
}

export class SlotList<T extends Slotted> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    item.slotIndex = this.items.length;
    this.items.push(item);
  }

  /** Removes `item` if it is in this list (the last item moves into its slot); a no-op otherwise. */
  remove(item: T): void {
    const index = item.slotIndex;
    if (index < 0 || this.items[index] !== item) return;
    item.slotIndex = -1;
    const last = this.items.pop()!;
    if (last === item) return;
    this.items[index] = last;
    last.slotIndex = index;
  }

  /** Visits every item, last first, so `visit` may remove the item it is given. */
  forEach(visit: (item: T) => void): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item) visit(item);
    }
  }
}
