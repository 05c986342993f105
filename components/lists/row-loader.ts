/**
 * The rows behind the virtual table, read a page at a time through storage's cursors as the window
 * scrolls down — only the savedAt order is served by an index; any other sort reads every match once
 * and sorts it in memory.
 */
import type { LassoDb } from '../../storage/db.ts';
import type { RowRecord } from '../../storage/model.ts';
import { findRows, type PageCursor, type RowQuery, searchRows } from '../../storage/search.ts';
import type { ListsUiState } from './lists-store.ts';
import { compareRows } from './sort-rows.ts';

/**
 * The first read of a list or a search: enough rows to fill a tall window (1,440 px of 36 px rows is 41,
 * plus the table's overscan of 10), so that they are painted after reading few. Right after a 100k-row
 * save, with IndexedDB still busy, a page of 200 took 26–105 ms to read where 50 took 8–30 (a probe).
 */
export const FIRST_PAGE_ROWS = 60;
/** Each later read, as the table scrolls. */
export const LOAD_PAGE_ROWS = 200;

export class RowLoader {
  readonly rows: RowRecord[] = [];
  private next: PageCursor | undefined;
  private done = false;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly db: LassoDb,
    private readonly query: RowQuery,
    private readonly sort: ListsUiState['sort'],
  ) {}

  get complete(): boolean {
    return this.done;
  }

  /** Loads pages until at least `count` rows are in memory (or every match is). */
  async ensure(count: number): Promise<void> {
    while (!this.done && this.rows.length < count) {
      this.pending ??= this.loadMore().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
  }

  private async loadMore(): Promise<void> {
    if (this.sort.key !== 'savedAt') {
      const all = await findRows(this.db, this.query);
      this.rows.push(...all.sort(compareRows(this.sort.key, this.sort.dir)));
      this.done = true;
      return;
    }
    const order = this.sort.dir === 'desc' ? 'newest' : 'oldest';
    const page = await searchRows(
      this.db,
      { ...this.query, order },
      { limit: this.rows.length === 0 ? FIRST_PAGE_ROWS : LOAD_PAGE_ROWS, after: this.next },
    );
    this.rows.push(...page.rows);
    this.next = page.next;
    this.done = page.next === undefined;
  }
}
