import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunMerger } from '../../../../storage/export/merge-runs.ts';

interface Item {
  key: number;
  /** Which run it came in and where: ties must keep this order. */
  seq: string;
}

const byKey = (a: Item, b: Item) => a.key - b.key;

describe('RunMerger', () => {
  it('gives every item of the sorted runs in order, ties in the order they were added', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }), { maxLength: 70 }),
        (keysOfRuns) => {
          const runs = keysOfRuns.map((keys, r) =>
            [...keys].sort((a, b) => a - b).map((key, i) => ({ key, seq: `${r}.${i}` })),
          );
          const merger = new RunMerger(byKey);

          for (const run of runs) merger.add(run);

          // Array.prototype.sort is stable: the expected order, ties by the order added.
          expect(merger.result()).toEqual(runs.flat().sort(byKey));
        },
      ),
    );
  });

  it('gives nothing when no run or only empty runs were added', () => {
    const merger = new RunMerger(byKey);
    expect(merger.result()).toEqual([]);
    merger.add([]);
    merger.add([]);
    expect(merger.result()).toEqual([]);
  });
});
