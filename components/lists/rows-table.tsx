/**
 * The virtualised table: a fixed row height, and only the rows in view (plus an overscan) in the DOM,
 * so 100k rows scroll like 100.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { COLUMNS, type ColumnId } from '../../storage/export/columns.ts';
import type { RowRecord } from '../../storage/model.ts';
import { EmailFindingMark } from '../jobs/email-finding-mark.tsx';
import { EnrichmentMark } from '../jobs/enrichment-mark.tsx';
import type { SortKey } from './lists-store.ts';
import { RowCell } from './row-cell.tsx';
import type { RowsView } from './use-rows.ts';
import { virtualWindow } from './virtual-window.ts';

export const ROW_HEIGHT_PX = 36;
const OVERSCAN_ROWS = 10;
const SORTABLE = new Set<ColumnId>(['name', 'title', 'company', 'location', 'email', 'savedAt']);

/** Something a row's menu can do (delete, and later "Enrich" / "Find email"). */
export interface RowAction {
  label: string;
  run: (row: RowRecord) => void;
}

export interface RowsTableProps {
  rows: RowsView;
  columns: readonly ColumnId[];
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<string>;
  onSelect: (row: RowRecord, index: number, shift: boolean) => void;
  tagColours: ReadonlyMap<string, string>;
  onEdit: (row: RowRecord, column: ColumnId, value: string) => Promise<string | undefined>;
  onRemoveTag: (row: RowRecord, tag: string) => void;
  onAddTag: (row: RowRecord, tag: string) => void;
  rowActions: readonly RowAction[];
  empty: ComponentChildren;
}

function columnWidth(id: ColumnId): string {
  return `${Math.min(COLUMNS[id].widthChars, 20) * 0.45 + 1.5}rem`;
}

function RowMenu({ row, actions }: { row: RowRecord; actions: readonly RowAction[] }) {
  return (
    <details class="row-menu">
      <summary aria-label={`Actions for ${row.name}`}>⋯</summary>
      <div class="row-menu__items">
        {actions.map((action) => (
          <button
            type="button"
            key={action.label}
            onClick={(e) => {
              e.currentTarget.closest('details')?.removeAttribute('open');
              action.run(row);
            }}
          >
            {action.label}
          </button>
        ))}
      </div>
    </details>
  );
}

export function RowsTable(props: RowsTableProps) {
  const { rows, columns, sort, selected } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const total = rows.total ?? 0;
  const win = virtualWindow(scrollTop, viewport, ROW_HEIGHT_PX, total, OVERSCAN_ROWS);
  // The last column holds the enrichment and email-search marks and the row menu.
  const template = `2.2rem ${columns.map(columnWidth).join(' ')} 3.6rem`;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => rows.need(win.end), [rows, win.end]);

  const loaded = rows.loader?.rows ?? [];
  const visible: Array<{ row: RowRecord; index: number }> = [];
  for (let i = win.start; i < Math.min(win.end, loaded.length); i++)
    visible.push({ row: loaded[i]!, index: i });

  return (
    <div class="rows-table" data-state={rows.loader === undefined || rows.stale ? 'loading' : 'ready'}>
      <div
        class="rows-table__scroll"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <table aria-label="Saved people" aria-rowcount={total}>
          <thead>
            <tr class="rows-table__head" style={{ gridTemplateColumns: template }}>
              <th aria-label="Selected" />
              {columns.map((id) => (
                <th key={id} scope="col">
                  {SORTABLE.has(id) ? (
                    <button type="button" class="sort-button" onClick={() => props.onSort(id as SortKey)}>
                      {COLUMNS[id].label}
                      {sort.key === id ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    COLUMNS[id].label
                  )}
                </th>
              ))}
              <th aria-label="Row actions" />
            </tr>
          </thead>
          <tbody style={{ height: `${win.totalPx}px` }}>
            {visible.map(({ row, index }) => (
              <tr
                key={row.id}
                class={selected.has(row.id) ? 'rows-table__row is-selected' : 'rows-table__row'}
                style={{
                  gridTemplateColumns: template,
                  height: `${ROW_HEIGHT_PX}px`,
                  top: `${index * ROW_HEIGHT_PX}px`,
                }}
                aria-rowindex={index + 1}
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.name}`}
                    checked={selected.has(row.id)}
                    onClick={(e) => props.onSelect(row, index, e.shiftKey)}
                  />
                </td>
                {columns.map((id) => (
                  <td key={id} class="rows-table__cell">
                    <RowCell
                      row={row}
                      column={id}
                      tagColours={props.tagColours}
                      onEdit={props.onEdit}
                      onRemoveTag={props.onRemoveTag}
                      onAddTag={props.onAddTag}
                    />
                  </td>
                ))}
                <td>
                  <EnrichmentMark row={row} />
                  <EmailFindingMark row={row} />
                  <RowMenu row={row} actions={props.rowActions} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {(rows.total === 0 || (rows.loader?.complete && rows.loader.rows.length === 0)) && (
          <p class="rows-table__empty">{props.empty}</p>
        )}
      </div>
    </div>
  );
}
