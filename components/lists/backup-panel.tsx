/** Back up every list, tag, note and setting to one JSON file, and restore one (after confirmation). */
import { useState } from 'preact/hooks';
import type { RestoreBackupResult } from '../../storage/backup.ts';

export interface BackupPanelProps {
  onBackup: () => Promise<string>;
  onRestore: (file: File) => Promise<RestoreBackupResult | { ok: false; message: string }>;
  confirm: (question: string) => boolean;
}

export function restoreReport(result: RestoreBackupResult | { ok: false; message: string }): string {
  if ('message' in result) return result.message;
  if (result.ok) {
    return `Restored ${result.lists} lists, ${result.rows.toLocaleString()} rows and ${result.tags} tags.`;
  }
  if (result.code === 'quota_exceeded')
    return 'The browser is out of storage space: your lists were kept as they were.';
  return `Not restored: ${result.detail} Your lists were kept as they were.`;
}

export function BackupPanel(props: BackupPanelProps) {
  const [message, setMessage] = useState<string | undefined>(undefined);
  return (
    <details class="tool-panel">
      <summary>Backup and restore</summary>
      <p class="muted">One JSON file with every list, row, tag, note and column setting.</p>
      <button type="button" onClick={async () => setMessage(await props.onBackup())}>
        Download backup
      </button>
      <label class="file-label">
        Restore from a backup file (replaces everything here)
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Backup file to restore"
          onChange={async (e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (!file) return;
            if (!props.confirm(`Replace every list in this browser with the contents of “${file.name}”?`)) {
              setMessage('Restore cancelled: nothing changed.');
              return;
            }
            setMessage(restoreReport(await props.onRestore(file)));
          }}
        />
      </label>
      {message && (
        <p role="status" class="import-report">
          {message}
        </p>
      )}
    </details>
  );
}
