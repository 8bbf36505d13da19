// Property test of proxy/forward/slotList.ts, seeded: any sequence of adds, removes (of members and of
// items never added or already removed) and visits that remove leaves the list holding exactly what a Set
// model holds, every visit sees each member once, and a removed item's slot no longer points at it.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { SlotList, type Slotted } from '../../../proxy/forward/slotList.ts';

interface Item extends Slotted {
  id: number;
}

type Op = { kind: 'add' } | { kind: 'remove'; pick: number } | { kind: 'visitRemovingEvery'; nth: number };

const ops = fc.array(
  fc.oneof(
    fc.constant<Op>({ kind: 'add' }),
    fc.nat(40).map<Op>((pick) => ({ kind: 'remove', pick })),
    fc.integer({ min: 1, max: 4 }).map<Op>((nth) => ({ kind: 'visitRemovingEvery', nth })),
  ),
  { maxLength: 200 },
);

it('a SlotList holds exactly the items added and not yet removed, whatever the order', () => {
  fc.assert(
    fc.property(ops, (sequence) => {
      const list = new SlotList<Item>();
      const model = new Set<Item>();
      const everything: Item[] = [];
      for (const op of sequence) {
        if (op.kind === 'add') {
          const item = { id: everything.length, slotIndex: -1 };
          everything.push(item);
          list.add(item);
          model.add(item);
        } else if (op.kind === 'remove') {
          // Any item ever made: members, removed ones, and (past the end) one never added.
          const item = everything[op.pick] ?? { id: -1, slotIndex: -1 };
          list.remove(item);
          model.delete(item);
          expect(item.slotIndex).toBe(-1);
        } else {
          const seen: Item[] = [];
          list.forEach((item) => {
            seen.push(item);
            if (item.id % op.nth === 0) {
              list.remove(item);
              model.delete(item);
            }
          });
          expect(new Set(seen).size).toBe(seen.length);
        }
        const visited: Item[] = [];
        list.forEach((item) => visited.push(item));
        expect(list.size).toBe(model.size);
        expect(new Set(visited)).toEqual(model);
        for (const item of everything) if (!model.has(item)) expect(item.slotIndex).toBe(-1);
      }
    }),
    { seed: 1512, numRuns: 300 },
  );
});
