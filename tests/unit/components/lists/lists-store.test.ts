import { describe, expect, it } from 'vitest';
import { createListsUi, initialListsUi, reduceListsUi } from '../../../../components/lists/lists-store.ts';

const withSelection = {
  ...initialListsUi,
  listId: 'list_a',
  selection: { ids: new Set(['row_1']), anchor: 0 },
};

describe('reduceListsUi', () => {
  it('opening another list clears the search, the tag filter and the selection', () => {
    const state = { ...withSelection, search: 'ada', tag: 'hot' };

    const next = reduceListsUi(state, { type: 'openList', listId: 'list_b' });

    expect(next).toMatchObject({ listId: 'list_b', search: '', tag: undefined });
    expect(next.selection.ids.size).toBe(0);
  });

  it('opening the list already open changes nothing', () => {
    expect(reduceListsUi(withSelection, { type: 'openList', listId: 'list_a' })).toBe(withSelection);
  });

  it('searching or filtering by tag clears the selection (it may no longer be in view)', () => {
    expect(reduceListsUi(withSelection, { type: 'search', text: 'x' }).selection.ids.size).toBe(0);
    expect(reduceListsUi(withSelection, { type: 'filterTag', tag: 'hot' }).selection.ids.size).toBe(0);
  });

  it('sorting by the same column flips the direction; a new column starts ascending', () => {
    const byName = reduceListsUi(initialListsUi, { type: 'sortBy', key: 'name' });
    const flipped = reduceListsUi(byName, { type: 'sortBy', key: 'name' });
    const bySaved = reduceListsUi(flipped, { type: 'sortBy', key: 'savedAt' });

    expect(byName.sort).toEqual({ key: 'name', dir: 'asc' });
    expect(flipped.sort).toEqual({ key: 'name', dir: 'desc' });
    expect(bySaved.sort).toEqual({ key: 'savedAt', dir: 'desc' });
  });

  it('the store applies dispatched actions and notifies subscribers', () => {
    const ui = createListsUi();
    let seen = 0;
    ui.store.subscribe(() => seen++);

    ui.dispatch({ type: 'toast', toast: { text: 'Deleted 3 rows.' } });

    expect(ui.store.getState().toast?.text).toBe('Deleted 3 rows.');
    expect(seen).toBe(1);
  });
});
