/** Export the list, the filtered view or the selection to CSV, Excel or JSON — built here, 0 credits. */
import { useState } from 'preact/hooks';
import { prepareExportWorker } from '../../storage/export/export-in-worker.ts';
import type { ExportFormat, ExportScope } from '../../storage/export/export-rows.ts';
import type { ExportProgress } from '../../storage/export/yield.ts';

export type ScopeKind = ExportScope['kind'];

export interface ExportPanelProps {
  hasSelection: boolean;
  isFiltered: boolean;
  /** Builds and downloads the file; reports progress; resolves to a message to show. */
  onExport: (
    format: ExportFormat,
    scope: ScopeKind,
    onProgress: (p: ExportProgress) => void,
  ) => Promise<string>;
}

function progressText(p: ExportProgress): string {
  if (p.phase === 'writing') return 'Packing the file…';
  return `${p.done.toLocaleString()} of ${p.total.toLocaleString()} rows`;
}

export function ExportPanel(props: ExportPanelProps) {
  const [progress, setProgress] = useState<ExportProgress | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  return (
    <form
      class="export-panel inline-form"
      aria-label="Export"
      // Start the export worker while the user is still choosing, so the export does not wait for it.
      onPointerEnter={prepareExportWorker}
      onFocusIn={prepareExportWorker}
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const format = (form.elements.namedItem('format') as HTMLSelectElement).value as ExportFormat;
        const scope = (form.elements.namedItem('scope') as HTMLSelectElement).value as ScopeKind;
        setBusy(true);
        setMessage(undefined);
        try {
          setMessage(await props.onExport(format, scope, setProgress));
        } catch (error) {
          setMessage(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          setBusy(false);
          setProgress(undefined);
        }
      }}
    >
      <select name="format" aria-label="Export format">
        <option value="csv">CSV</option>
        <option value="xlsx">Excel (.xlsx)</option>
        <option value="json">JSON</option>
      </select>
      <select name="scope" aria-label="Export what">
        <option value="list">Whole list</option>
        <option value="view" disabled={!props.isFiltered}>
          Filtered view
        </option>
        <option value="selection" disabled={!props.hasSelection}>
          Selected rows
        </option>
      </select>
      <button type="submit" disabled={busy}>
        Export
      </button>
      {progress && (
        <span class="export-progress">
          <progress
            aria-label="Export progress"
            max={progress.total || 1}
            value={progress.phase === 'writing' ? undefined : progress.done}
          />
          {progressText(progress)}
        </span>
      )}
      {message && (
        <span class="muted" role="status">
          {message}
        </span>
      )}
    </form>
  );
}
