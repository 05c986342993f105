/** Import a CSV or JSON file (e.g. a teammate's export) into the open list or a new one. */
import { useState } from 'preact/hooks';
import type { ImportResult } from '../../storage/import.ts';

export interface ImportPanelProps {
  currentListName: string | undefined;
  /** Imports the file into the open list, or into a new list with `newListName`. */
  onImport: (
    file: File,
    newListName: string | undefined,
  ) => Promise<ImportResult | { ok: false; message: string }>;
}

/** What a person reads after an import: counts, then every rejected row with its reason. */
export function importReport(result: ImportResult | { ok: false; message: string }): string {
  if ('message' in result) return result.message;
  if (!result.ok) {
    if (result.code === 'quota_exceeded') return 'The browser is out of storage space: nothing was imported.';
    if (result.code === 'list_not_found') return 'That list no longer exists.';
    return 'detail' in result ? result.detail : 'The file could not be imported.';
  }
  const parts = [`Imported ${result.added.toLocaleString()}`];
  if (result.merged > 0) parts.push(`merged ${result.merged.toLocaleString()} with rows already there`);
  let text = parts.join(', ');
  if (result.rejected.length > 0) {
    const shown = result.rejected.slice(0, 20).map((p) => `row ${p.row}: ${p.reason}`);
    const more = result.rejected.length > 20 ? `; and ${result.rejected.length - 20} more` : '';
    text += `, ${result.rejected.length} rows skipped: ${shown.join('; ')}${more}`;
  }
  if (result.ignoredColumns.length > 0) text += `. Columns not imported: ${result.ignoredColumns.join(', ')}`;
  return `${text}.`;
}

export function ImportPanel(props: ImportPanelProps) {
  const [report, setReport] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  return (
    <details class="tool-panel">
      <summary>Import CSV or JSON</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
          const target = (form.elements.namedItem('target') as HTMLSelectElement).value;
          const newName = (form.elements.namedItem('newName') as HTMLInputElement).value;
          if (!file) return setReport('Choose a file first.');
          setBusy(true);
          try {
            setReport(importReport(await props.onImport(file, target === 'new' ? newName : undefined)));
          } finally {
            setBusy(false);
          }
        }}
      >
        <input
          name="file"
          type="file"
          accept=".csv,.json,.tsv,.txt,text/csv,application/json"
          aria-label="File to import"
        />
        <select name="target" aria-label="Import into">
          {props.currentListName && <option value="current">Into “{props.currentListName}”</option>}
          <option value="new">Into a new list</option>
        </select>
        <input
          name="newName"
          aria-label="New list name for the import"
          placeholder="New list name"
          maxLength={100}
        />
        <button type="submit" disabled={busy}>
          Import
        </button>
      </form>
      {report && (
        <p class="import-report" role="status">
          {report}
        </p>
      )}
    </details>
  );
}
