/**
 * The Lists page's user actions: each calls one storage repository function and turns its result into
 * what the page shows (a message, a toast with Undo). No Dexie table is touched here directly.
 */
import { backupFileName, exportBackup, restoreBackup } from '../../storage/backup.ts';
import { getColumnSettings } from '../../storage/column-settings.ts';
import type { LassoDb } from '../../storage/db.ts';
import type { ColumnId } from '../../storage/export/columns.ts';
import { exportRowsInWorker } from '../../storage/export/export-in-worker.ts';
import type { ExportFormat, ExportScope } from '../../storage/export/export-rows.ts';
import type { ExportProgress } from '../../storage/export/yield.ts';
import { importCsv, importJson } from '../../storage/import.ts';
import { createList, deleteList } from '../../storage/lists.ts';
import type { RowRecord } from '../../storage/model.ts';
import {
  addTags,
  copyRows,
  deleteRows,
  moveRows,
  type RowPatch,
  removeTags,
  undoDelete,
  updateRow,
} from '../../storage/rows.ts';
import { downloadFile } from './download.ts';
import type { ListsUi } from './lists-store.ts';
import { refusalMessage } from './messages.ts';

export function listsActions(db: LassoDb, ui: ListsUi) {
  const toast = (text: string, undoToken?: string) =>
    ui.dispatch({
      type: 'toast',
      toast: {
        text,
        action: undoToken
          ? {
              label: 'Undo',
              run: async () => {
                const result = await undoDelete(db, undoToken);
                toast(
                  result.ok
                    ? `Restored ${result.restored.toLocaleString()} rows.`
                    : refusalMessage(result.code),
                );
              },
            }
          : undefined,
      },
    });

  return {
    toast,

    async createList(name: string): Promise<string | undefined> {
      const result = await createList(db, name);
      if (!result.ok) return refusalMessage(result.code);
      ui.dispatch({ type: 'openList', listId: result.list.id });
      return undefined;
    },

    async deleteList(id: string, name: string): Promise<void> {
      const result = await deleteList(db, id);
      if (!result.ok) return toast(refusalMessage(result.code));
      if (ui.store.getState().listId === id) ui.dispatch({ type: 'openList', listId: undefined });
      toast(`Deleted “${name}” and its ${result.deletedRows.toLocaleString()} rows.`, result.undoToken);
    },

    async editCell(row: RowRecord, column: ColumnId, value: string): Promise<string | undefined> {
      const patch: RowPatch =
        column === 'name' || column === 'note' ? { [column]: value } : { [column]: value || null };
      const result = await updateRow(db, row.id, patch);
      return result.ok ? undefined : refusalMessage(result.code);
    },

    async tag(ids: readonly string[], tag: string): Promise<void> {
      const result = await addTags(db, ids, [tag]);
      if (result.tags.length === 0) toast('A tag needs a name.');
    },

    async untag(ids: readonly string[], tag: string): Promise<void> {
      await removeTags(db, ids, [tag]);
    },

    async transfer(mode: 'move' | 'copy', ids: readonly string[], listId: string): Promise<void> {
      const result = await (mode === 'move' ? moveRows : copyRows)(db, ids, listId);
      if (!result.ok) return toast(refusalMessage(result.code));
      ui.dispatch({ type: 'select', selection: { ids: new Set() } });
      toast(`${mode === 'move' ? 'Moved' : 'Copied'} ${ids.length.toLocaleString()} rows.`);
    },

    async deleteRows(ids: readonly string[]): Promise<void> {
      const result = await deleteRows(db, ids);
      ui.dispatch({ type: 'select', selection: { ids: new Set() } });
      toast(`Deleted ${result.deleted.toLocaleString()} rows.`, result.undoToken);
    },

    async exportScope(
      scope: ExportScope,
      format: ExportFormat,
      onProgress: (p: ExportProgress) => void,
    ): Promise<string> {
      const file = await exportRowsInWorker(scope, format, { onProgress });
      downloadFile(file.data, file.mimeType, file.fileName);
      return `Exported ${file.rowCount.toLocaleString()} rows to ${file.fileName}.`;
    },

    async importFile(file: File, listId: string | undefined, newListName: string | undefined) {
      let target = listId;
      if (newListName !== undefined) {
        const created = await createList(db, newListName || file.name.replace(/\.[^.]*$/, ''));
        if (!created.ok) return { ok: false as const, message: refusalMessage(created.code) };
        target = created.list.id;
        ui.dispatch({ type: 'openList', listId: target });
      }
      if (!target) return { ok: false as const, message: 'Choose a list to import into.' };
      const [text, settings] = await Promise.all([file.text(), getColumnSettings(db)]);
      const isJson = /\.json$/i.test(file.name) || /^\s*[[{]/.test(text);
      return (isJson ? importJson : importCsv)(db, target, text, { settings });
    },

    async backup(): Promise<string> {
      const backup = await exportBackup(db);
      const name = backupFileName(new Date());
      downloadFile(JSON.stringify(backup), 'application/json', name);
      return `Saved ${backup.lists.length} lists and ${backup.rows.length.toLocaleString()} rows to ${name}.`;
    },

    async restore(file: File) {
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        return { ok: false as const, message: `“${file.name}” is not a JSON file: nothing was changed.` };
      }
      const result = await restoreBackup(db, data, { replace: true });
      if (result.ok) ui.dispatch({ type: 'openList', listId: undefined });
      return result;
    },
  };
}

export type ListsActions = ReturnType<typeof listsActions>;
