/** How much room the lists take in this browser, and the "Keep my data" request. */
import { useEffect, useState } from 'preact/hooks';
import { QUOTA_WARNING_FRACTION, type StorageHealth } from '../../storage/health.ts';

export interface StorageHealthPanelProps {
  read: () => Promise<StorageHealth>;
  requestPersistence: () => Promise<boolean>;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;
}

export function StorageHealthPanel(props: StorageHealthPanelProps) {
  const [health, setHealth] = useState<StorageHealth | undefined>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);
  useEffect(() => {
    props.read().then(setHealth);
  }, [props.read]);
  return (
    <details class="tool-panel">
      <summary>Storage</summary>
      <p class="muted">
        Lists live only in this browser: they are never sent to Lasso's servers. Export a list to share it,
        and download a backup to keep it safe.
      </p>
      {health?.usedBytes !== undefined && health.quotaBytes !== undefined && (
        <p>
          Using {megabytes(health.usedBytes)} of {megabytes(health.quotaBytes)} available.
          {(health.usedFraction ?? 0) > QUOTA_WARNING_FRACTION && (
            <strong class="warn"> Storage is nearly full: export or delete old lists.</strong>
          )}
        </p>
      )}
      {health?.persisted ? (
        <p>This browser keeps your lists even when disk space runs low.</p>
      ) : (
        <button
          type="button"
          onClick={async () => {
            const granted = await props.requestPersistence();
            setNote(
              granted
                ? 'Done: this browser will keep your lists even when disk space runs low.'
                : 'The browser declined for now; it may agree once you use Lasso more. Keep a backup.',
            );
            setHealth(await props.read());
          }}
        >
          Keep my data
        </button>
      )}
      {note && <p role="status">{note}</p>}
    </details>
  );
}
