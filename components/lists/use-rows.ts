/**
 * The matching rows of the open list as a live source for the virtual table: a Dexie liveQuery counts
 * the matches and reads the first rows (and fires again on any change to the list's rows); each firing
 * starts a fresh RowLoader that then reads only the pages the table has scrolled to.
 */
import { liveQuery } from 'dexie';
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { LassoDb } from '../../storage/db.ts';
import { countMatches, type RowQuery } from '../../storage/search.ts';
import type { ListsUiState } from './lists-store.ts';
import { LOAD_PAGE_ROWS, RowLoader } from './row-loader.ts';

export interface RowsView {
  /** Undefined until the first count arrives. */
  total: number | undefined;
  loader: RowLoader | undefined;
  /** Asks for rows up to `end` (exclusive) to be loaded; the view re-renders when they are. */
  need: (end: number) => void;
}

export function useRows(db: LassoDb, query: RowQuery | undefined, sort: ListsUiState['sort']): RowsView {
  const [view, setView] = useState<{ total: number; loader: RowLoader } | undefined>(undefined);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const wanted = useRef(LOAD_PAGE_ROWS);
  const key = JSON.stringify([query, sort]);

  useEffect(() => {
    setView(undefined);
    if (!query) return;
    let live = true;
    // The count and the first rows are read side by side: the table paints as soon as both are in.
    const subscription = liveQuery(async () => {
      const loader = new RowLoader(db, query, sort);
      const [total] = await Promise.all([countMatches(db, query), loader.ensure(wanted.current)]);
      return { total, loader };
    }).subscribe({
      next: (next) => {
        if (live) setView(next);
      },
      error: (error: unknown) => console.error('lasso: could not read the rows', error),
    });
    return () => {
      live = false;
      subscription.unsubscribe();
    };
  }, [db, key]);

  const need = useCallback(
    (end: number) => {
      wanted.current = Math.max(LOAD_PAGE_ROWS, end);
      const loader = view?.loader;
      if (!loader || loader.complete || loader.rows.length >= end) return;
      loader.ensure(end).then(() => rerender(undefined));
    },
    [view],
  );

  return { total: view?.total, loader: view?.loader, need };
}
