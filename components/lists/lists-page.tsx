/**
 * The Lists page: the sidebar of lists, and for the open list a toolbar (search, tag filter, export),
 * the bulk bar, the virtual table, and the tools (import, columns, backup, storage). Data comes from
 * Dexie liveQuery; UI state from the zustand store in lists-store.ts.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { getColumnSettings, resetColumnSettings, saveColumnSettings } from '../../storage/column-settings.ts';
import type { LassoDb } from '../../storage/db.ts';
import { requestPersistentStorage, storageHealth } from '../../storage/health.ts';
import { listLists, renameList } from '../../storage/lists.ts';
import { findRows, type RowQuery, warmSearchIndex } from '../../storage/search.ts';
import { listTags } from '../../storage/tags.ts';
import { useStore } from '../use-store.ts';
import { BackupPanel } from './backup-panel.tsx';
import { type BulkAction, BulkBar } from './bulk-bar.tsx';
import { ColumnPanel } from './column-panel.tsx';
import { ExportPanel } from './export-panel.tsx';
import { ImportPanel } from './import-panel.tsx';
import { listsActions } from './lists-actions.ts';
import { ListsSidebar } from './lists-sidebar.tsx';
import { createListsUi } from './lists-store.ts';
import { refusalMessage } from './messages.ts';
import { type RowAction, RowsTable } from './rows-table.tsx';
import { SearchBox } from './search-box.tsx';
import { selectAll, selectRange, toggleRow } from './selection.ts';
import { StorageHealthPanel } from './storage-health-panel.tsx';
import { Toast } from './toast.tsx';
import { useLiveQuery } from './use-live-query.ts';
import { useRows } from './use-rows.ts';

export interface ListsPageProps {
  db: LassoDb;
  /** Extension point: more row-menu actions ("Enrich", "Find email"), added by other features. */
  rowActions?: readonly RowAction[];
  /** Extension point: more bulk-bar actions on the selected row ids. */
  bulkActions?: readonly BulkAction[];
}

export function ListsPage({ db, rowActions = [], bulkActions = [] }: ListsPageProps) {
  const ui = useMemo(createListsUi, []);
  const actions = useMemo(() => listsActions(db, ui), [db, ui]);
  const state = useStore(ui.store);
  const lists = useLiveQuery(() => listLists(db), [db]);
  const tags = useLiveQuery(() => listTags(db), [db]);
  const settings = useLiveQuery(() => getColumnSettings(db), [db]);

  // Open the first list when none is open (first visit, or the open one was deleted).
  useEffect(() => {
    if (lists && !lists.some((l) => l.id === state.listId)) {
      ui.dispatch({ type: 'openList', listId: lists[0]?.id });
    }
  }, [lists, state.listId, ui]);

  const current = lists?.find((l) => l.id === state.listId);
  const query: RowQuery | undefined = useMemo(
    () =>
      state.listId ? { listId: state.listId, text: state.search || undefined, tag: state.tag } : undefined,
    [state.listId, state.search, state.tag],
  );
  const rows = useRows(db, query, state.sort);
  // Once the list's first rows are shown and painted (the browser is idle), its search index is built in
  // the background, so the first search does not wait for it.
  const shown = rows.total !== undefined && !rows.stale;
  useEffect(() => {
    const listId = state.listId;
    if (!shown || !listId) return;
    const idle = requestIdleCallback(() => warmSearchIndex(db, listId), { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, [db, state.listId, shown]);
  const tagColours = useMemo(() => new Map((tags ?? []).map((t) => [t.name, t.colour])), [tags]);
  const selectedIds = [...state.selection.ids];
  const isFiltered = Boolean(state.search || state.tag);

  const menu: RowAction[] = [{ label: 'Delete', run: (row) => actions.deleteRows([row.id]) }, ...rowActions];

  return (
    <div class="lists-page">
      <aside class="lists-page__side">
        <ListsSidebar
          lists={lists}
          selectedId={state.listId}
          onOpen={(id) => ui.dispatch({ type: 'openList', listId: id })}
          onCreate={actions.createList}
          onRename={async (id, name) => {
            const result = await renameList(db, id, name);
            return result.ok ? undefined : refusalMessage(result.code);
          }}
          onDelete={(list) => {
            const rowsText = `${list.rowCount.toLocaleString()} rows`;
            if (
              confirm(
                `Delete the list “${list.name}” and its ${rowsText}? You can undo this for a short while.`,
              )
            ) {
              actions.deleteList(list.id, list.name);
            }
          }}
        />
        <ImportPanel
          currentListName={current?.name}
          onImport={(file, newName) => actions.importFile(file, state.listId, newName)}
        />
        {settings && (
          <ColumnPanel
            settings={settings}
            onChange={(patch) => saveColumnSettings(db, patch)}
            onReset={() => resetColumnSettings(db)}
          />
        )}
        <BackupPanel onBackup={actions.backup} onRestore={actions.restore} confirm={(q) => confirm(q)} />
        <StorageHealthPanel read={storageHealth} requestPersistence={requestPersistentStorage} />
      </aside>
      <section class="lists-page__main" aria-label={current ? `List ${current.name}` : 'List'}>
        {!current ? (
          <p class="muted">Create a list, or import a CSV or JSON file, to see people here.</p>
        ) : (
          <>
            <div class="lists-toolbar">
              <h2 class="lists-toolbar__title">{current.name}</h2>
              <SearchBox
                key={current.id}
                applied={state.search}
                onSearch={(text) => ui.dispatch({ type: 'search', text })}
              />
              <select
                aria-label="Filter by tag"
                value={state.tag ?? ''}
                onChange={(e) => ui.dispatch({ type: 'filterTag', tag: e.currentTarget.value || undefined })}
              >
                <option value="">All tags</option>
                {(tags ?? []).map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
              <span class="muted" aria-live="polite">
                {rows.total !== undefined ? `${rows.total.toLocaleString()} people` : 'Loading…'}
              </span>
              <ExportPanel
                hasSelection={selectedIds.length > 0}
                isFiltered={isFiltered}
                onExport={(format, kind, onProgress) =>
                  actions.exportScope(
                    kind === 'selection'
                      ? { kind, ids: selectedIds, listId: current.id }
                      : kind === 'view' && query
                        ? { kind, query }
                        : { kind: 'list', listId: current.id },
                    format,
                    onProgress,
                  )
                }
              />
            </div>
            <BulkBar
              count={selectedIds.length}
              matching={rows.total ?? 0}
              lists={lists ?? []}
              currentListId={state.listId}
              selectedIds={selectedIds}
              extraActions={bulkActions}
              onSelectAll={async () => {
                if (!query) return;
                const all = await findRows(db, query);
                ui.dispatch({ type: 'select', selection: selectAll(all.map((r) => r.id)) });
              }}
              onClear={() => ui.dispatch({ type: 'select', selection: selectAll([]) })}
              onTag={(tag) => actions.tag(selectedIds, tag)}
              onUntag={(tag) => actions.untag(selectedIds, tag)}
              onTransfer={(mode, listId) => actions.transfer(mode, selectedIds, listId)}
              onDelete={() => actions.deleteRows(selectedIds)}
            />
            {settings && (
              <RowsTable
                rows={rows}
                columns={settings.visible}
                sort={state.sort}
                onSort={(key) => ui.dispatch({ type: 'sortBy', key })}
                selected={state.selection.ids}
                onSelect={(row, index, shift) => {
                  const loaded = rows.loader?.rows ?? [];
                  ui.dispatch({
                    type: 'select',
                    selection: shift
                      ? selectRange(ui.store.getState().selection, index, (i) => loaded[i]?.id)
                      : toggleRow(ui.store.getState().selection, row.id, index),
                  });
                }}
                tagColours={tagColours}
                onEdit={actions.editCell}
                onAddTag={(row, tag) => actions.tag([row.id], tag)}
                onRemoveTag={(row, tag) => actions.untag([row.id], tag)}
                rowActions={menu}
                empty={isFiltered ? 'No one matches this search or tag.' : 'This list is empty.'}
              />
            )}
          </>
        )}
      </section>
      <Toast toast={state.toast} onClose={() => ui.dispatch({ type: 'toast', toast: undefined })} />
    </div>
  );
}
