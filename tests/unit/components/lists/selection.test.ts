import { describe, expect, it } from 'vitest';
import {
  EMPTY_SELECTION,
  selectAll,
  selectRange,
  toggleRow,
} from '../../../../components/lists/selection.ts';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const idAt = (i: number) => ids[i];

describe('selection', () => {
  it('toggles a row on, then off, remembering the click as the anchor', () => {
    const on = toggleRow(EMPTY_SELECTION, 'c', 2);
    const off = toggleRow(on, 'c', 2);

    expect([...on.ids]).toEqual(['c']);
    expect(on.anchor).toBe(2);
    expect(off.ids.size).toBe(0);
  });

  it('shift-click selects every row between the anchor and the clicked row, either direction', () => {
    const down = selectRange(toggleRow(EMPTY_SELECTION, 'b', 1), 4, idAt);
    const up = selectRange(toggleRow(EMPTY_SELECTION, 'e', 4), 1, idAt);

    expect([...down.ids].sort()).toEqual(['b', 'c', 'd', 'e']);
    expect([...up.ids].sort()).toEqual(['b', 'c', 'd', 'e']);
  });

  it('keeps earlier picks when a range is added', () => {
    const picked = toggleRow(toggleRow(EMPTY_SELECTION, 'a', 0), 'd', 3);

    const ranged = selectRange(picked, 5, idAt);

    expect([...ranged.ids].sort()).toEqual(['a', 'd', 'e', 'f']);
  });

  it('a shift-click with no anchor selects just the clicked row', () => {
    expect([...selectRange(EMPTY_SELECTION, 2, idAt).ids]).toEqual(['c']);
  });

  it('skips indexes not loaded yet', () => {
    expect(selectRange({ ids: new Set(), anchor: 4 }, 8, idAt).ids.size).toBe(2);
  });

  it('select all takes every matching id', () => {
    expect(selectAll(ids).ids.size).toBe(6);
  });
});
