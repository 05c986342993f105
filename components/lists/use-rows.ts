/**
 * The matching rows of the open list as a live source for the virtual table. Two Dexie liveQueries, each
 * firing again on any change to the list's rows: one reads the first pages (a RowLoader, which then reads
 * only the pages the table scrolls to), the other counts the matches. The rows are painted as soon as
 * their page is read (milliseconds), not after the count: IndexedDB counts by walking the index, about a
 * second per 100k rows in Chromium.
 */
import { liveQuery } from 'dexie';
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { LassoDb } from '../../storage/db.ts';
import { countMatches, type RowQuery } from '../../storage/search.ts';
import type { ListsUiState } from './lists-store.ts';
import { FIRST_PAGE_ROWS, RowLoader } from './row-loader.ts';

export interface RowsView {
  /** How many rows match; undefined until the count arrives. */
  total: number | undefined;
  /** How many rows the table lays out: the count once known, else the rows read so far. */
  shown: number;
  loader: RowLoader | undefined;
  /** Asks for rows up to `end` (exclusive) to be loaded; the view re-renders when they are. */
  need: (end: number) => void;
}

export function useRows(db: LassoDb, query: RowQuery | undefined, sort: ListsUiState['sort']): RowsView {
  const [loader, setLoader] = useState<RowLoader | undefined>(undefined);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const wanted = useRef(FIRST_PAGE_ROWS);
  const key = JSON.stringify([query, sort]);

  useEffect(() => {
    setLoader(undefined);
    setTotal(undefined);
    if (!query) return;
    let live = true;
    const report = (error: unknown) => console.error('lasso: could not read the rows', error);
    const pages = liveQuery(async () => {
      const fresh = new RowLoader(db, query, sort);
      await fresh.ensure(wanted.current);
      return fresh;
    }).subscribe({
      next: (fresh) => {
        if (live) setLoader(fresh);
      },
      error: report,
    });
    const count = liveQuery(() => countMatches(db, query)).subscribe({
      next: (n) => {
        if (live) setTotal(n);
      },
      error: report,
    });
    return () => {
      live = false;
      pages.unsubscribe();
      count.unsubscribe();
    };
  }, [db, key]);

  const need = useCallback(
    (end: number) => {
      wanted.current = Math.max(FIRST_PAGE_ROWS, end);
      if (!loader || loader.complete || loader.rows.length >= end) return;
      loader.ensure(end).then(() => rerender(undefined));
    },
    [loader],
  );

  const shown = total ?? (loader ? loader.rows.length : 0);
  return { total, shown, loader, need };
}
