/**
 * The Lists page with bulk runs: "Enrich" in the row menu and the bulk bar opens the cost preview;
 * confirming starts a job in the background; its progress shows above the list, live from Dexie.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Balance } from '../../api-client/contract/billing.ts';
import type { Outcome } from '../../messaging/protocol.ts';
import type { JobKind } from '../../services/jobs/row-task.ts';
import type { LassoDb } from '../../storage/db.ts';
import type { RowRecord } from '../../storage/model.ts';
import { ListsPage } from '../lists/lists-page.tsx';
import { previewCost } from './cost-preview.ts';
import { JobProgress } from './job-progress.tsx';
import { RunDialog } from './run-dialog.tsx';

export interface JobCalls {
  start(kind: JobKind, listId: string, rowIds: string[]): Promise<Outcome<{ jobId: string }>>;
  cancel(jobId: string): Promise<unknown>;
  requestAccess(origins: string[]): Promise<boolean>;
}

interface Pending {
  kind: JobKind;
  rows: RowRecord[];
  listId: string;
}

export function ListsWithJobs({
  db,
  balance,
  calls,
}: {
  db: LassoDb;
  balance: Balance | null;
  calls: JobCalls;
}) {
  const [pending, setPending] = useState<Pending | undefined>(undefined);
  // Computed from the balance of each render, not the one of the click: credits that move while the
  // dialog is open (a spend elsewhere, a teammate's use of the pool) show in the preview at once.
  const preview = useMemo(
    () => pending && previewCost(pending.kind, pending.rows, balance, Date.now()),
    [pending, balance],
  );

  async function prepare(kind: JobKind, ids: readonly string[]) {
    const rows = (await db.rows.bulkGet([...ids])).filter((r): r is RowRecord => r !== undefined);
    const listId = rows[0]?.listId;
    if (!listId) return;
    setPending({ kind, rows, listId });
  }

  return (
    <>
      <JobProgress db={db} onCancel={(jobId) => calls.cancel(jobId)} />
      {pending && preview && (
        <RunDialog
          preview={preview}
          requestAccess={calls.requestAccess}
          start={() =>
            calls.start(
              pending.kind,
              pending.listId,
              pending.rows.map((r) => r.id),
            )
          }
          onClose={() => setPending(undefined)}
        />
      )}
      <ListsPage
        db={db}
        rowActions={[
          { label: 'Enrich', run: (row) => prepare('enrich', [row.id]) },
          { label: 'Find email', run: (row) => prepare('find_email', [row.id]) },
        ]}
        bulkActions={[
          { label: 'Enrich', run: (ids) => prepare('enrich', ids) },
          { label: 'Find emails', run: (ids) => prepare('find_email', ids) },
        ]}
      />
    </>
  );
}
