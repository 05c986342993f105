/**
 * The matching rows of the open list as a live source for the virtual table: one Dexie liveQuery that
 * reads the first pages (a RowLoader, which then reads only the pages the table scrolls to) and the
 * count of matches together, and fires again on any change to the list's rows. Both are cheap: the count
 * is a stored count (counts.ts) or the length of the list's search index matches, so the rows and their
 * count arrive in one render. Until a new query's rows arrive, the previous ones stay on screen, marked
 * stale, rather than the table emptying between keystrokes.
 */
import { liveQuery } from 'dexie';
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { LassoDb } from '../../storage/db.ts';
import { countMatches, type RowQuery } from '../../storage/search.ts';
import type { ListsUiState } from './lists-store.ts';
import { FIRST_PAGE_ROWS, RowLoader } from './row-loader.ts';

export interface RowsView {
  /** How many rows match; undefined until the first rows of the open list arrive. */
  total: number | undefined;
  loader: RowLoader | undefined;
  /** The rows shown are an earlier query's (another search, sort or list); the current one's are on their way. */
  stale: boolean;
  /** Asks for rows up to `end` (exclusive) to be loaded; the view re-renders when they are. */
  need: (end: number) => void;
}

interface Rows {
  key: string;
  loader: RowLoader;
  total: number;
}

export function useRows(db: LassoDb, query: RowQuery | undefined, sort: ListsUiState['sort']): RowsView {
  const [rows, setRows] = useState<Rows | undefined>(undefined);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const wanted = useRef(FIRST_PAGE_ROWS);
  const key = JSON.stringify([query, sort]);

  useEffect(() => {
    if (!query) {
      setRows(undefined);
      return;
    }
    let live = true;
    const subscription = liveQuery(async (): Promise<Rows> => {
      const loader = new RowLoader(db, query, sort);
      const [total] = await Promise.all([countMatches(db, query), loader.ensure(wanted.current)]);
      return { key, loader, total };
    }).subscribe({
      next: (fresh) => {
        if (live) setRows(fresh);
      },
      error: (error) => console.error('lasso: could not read the rows', error),
    });
    return () => {
      live = false;
      subscription.unsubscribe();
    };
  }, [db, key]);

  const stale = rows !== undefined && rows.key !== key;
  const loader = rows?.loader;
  const need = useCallback(
    (end: number) => {
      wanted.current = Math.max(FIRST_PAGE_ROWS, end);
      if (stale || !loader || loader.complete || loader.rows.length >= end) return;
      loader.ensure(end).then(() => rerender(undefined));
    },
    [loader, stale],
  );

  return { total: rows?.total, loader, stale, need };
}
