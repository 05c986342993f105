// @vitest-environment jsdom
/**
 * The table's live rows (use-rows.ts): the rows come with their count, and while a new
 * search is read the previous rows stay on screen, marked stale, instead of the table emptying.
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListsUiState } from '../../../../components/lists/lists-store.ts';
import { type RowsView, useRows } from '../../../../components/lists/use-rows.ts';
import type { LassoDb } from '../../../../storage/db.ts';
import { findRows, type RowQuery } from '../../../../storage/search.ts';
import { listOfPeople } from '../../storage/test-db.ts';

const NEWEST_FIRST: ListsUiState['sort'] = { key: 'savedAt', dir: 'desc' };

interface Seen {
  stale: boolean;
  total: number | undefined;
  names: string[] | undefined;
}

let container: HTMLElement | undefined;

afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
});

/** Renders useRows for `query`; returns every view rendered, and a way to render another query. */
function mount(db: LassoDb, query: RowQuery) {
  const seen: Seen[] = [];
  let latest: RowsView | undefined;
  function Probe({ query }: { query: RowQuery }) {
    const rows = useRows(db, query, NEWEST_FIRST);
    latest = rows;
    seen.push({ stale: rows.stale, total: rows.total, names: rows.loader?.rows.map((r) => r.name) });
    return null;
  }
  container = document.createElement('div');
  document.body.append(container);
  const show = (q: RowQuery) => act(() => render(h(Probe, { query: q }), container!));
  show(query);
  return { seen, show, view: () => latest! };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) {
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 5)));
  }
  expect(condition()).toBe(true);
}

/**
 * Dexie's liveQuery runs its queriers only when Dexie has an IndexedDB of its own to fall back on (in a
 * browser, the global one). Each test database still brings its own fake-indexeddb (freshDb).
 */
Object.assign(Dexie.dependencies, { indexedDB: new IDBFactory(), IDBKeyRange });

describe('useRows', () => {
  it('reads the newest rows and the count of the list, never showing rows without their count', async () => {
    const { db, listId } = await listOfPeople(120);
    const { seen, view } = mount(db, { listId });

    await until(() => view().total !== undefined);

    expect(view().total).toBe(120);
    expect(view().loader?.rows[0]?.name).toBe('Person 119');
    for (const s of seen) expect(s.names === undefined).toBe(s.total === undefined);
  });

  it('keeps the previous rows on screen, marked stale, until the new search has its rows', async () => {
    const { db, listId } = await listOfPeople(120);
    const { seen, show, view } = mount(db, { listId });
    await until(() => view().total !== undefined);
    const before = seen.length;

    show({ listId, text: 'person 11' });
    expect(view().stale).toBe(true);
    expect(view().total).toBe(120);
    await until(() => !view().stale);

    const expected = await findRows(db, { listId, text: 'person 11' });
    expect(expected.length).toBeGreaterThan(10);
    expect(view().total).toBe(expected.length);
    expect(view().loader?.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    for (const s of seen.slice(before)) {
      expect(s.names).toBeDefined();
      if (s.stale) expect(s.total).toBe(120);
    }
  });
});
