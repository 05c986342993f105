import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { LedgerEntry, LedgerPage } from '../api-client/contract/billing.ts';
import type { Outcome } from '../messaging/protocol.ts';
import { formatCredits } from './credit-labels.ts';
import { ledgerCsv, ledgerCsvFileName } from './ledger-csv.ts';
import { describeGroup, groupLedgerEntries, type LedgerGroup, splitText } from './ledger-groups.ts';

/** Entries per page on screen; the export asks for the largest pages the API allows. */
const PAGE_LIMIT = 50;
const EXPORT_PAGE_LIMIT = 500;

interface UsageHistoryProps {
  loadPage: (query: { before?: string; limit: number }) => Promise<Outcome<LedgerPage>>;
}

type Loaded = { entries: LedgerEntry[]; nextBefore: string | null };
type Status = { kind: 'loading' } | { kind: 'idle' } | { kind: 'failed'; message: string };

function failureMessage(outcome: Extract<Outcome<unknown>, { ok: false }>): string {
  if (outcome.code === 'signed_out' || outcome.code === 'unauthorized') {
    return 'Sign in (in the Lasso popup or in Settings) to see your usage history.';
  }
  if (outcome.code === 'unreachable' || outcome.code === 'timeout') {
    return 'Cannot reach the billing API. Check your connection, or the API URL in Settings.';
  }
  return `The billing API answered with an error (${outcome.code}).`;
}

/**
 * The user's ledger, newest first, a page at a time: each spend with how it split between the team pool
 * and personal buckets, and a CSV export of every entry.
 */
export function UsageHistory({ loadPage }: UsageHistoryProps) {
  const [loaded, setLoaded] = useState<Loaded>({ entries: [], nextBefore: null });
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [exportStatus, setExportStatus] = useState('');
  const groups = useMemo(() => groupLedgerEntries(loaded.entries), [loaded.entries]);

  const load = useCallback(
    async (before: string | undefined) => {
      setStatus({ kind: 'loading' });
      const outcome = await loadPage({ limit: PAGE_LIMIT, ...(before ? { before } : {}) });
      if (!outcome.ok) {
        setStatus({ kind: 'failed', message: failureMessage(outcome) });
        return;
      }
      const page = outcome.value;
      setLoaded((previous) => ({
        entries: before ? [...previous.entries, ...page.entries] : page.entries,
        nextBefore: page.nextBefore,
      }));
      setStatus({ kind: 'idle' });
    },
    [loadPage],
  );

  useEffect(() => {
    load(undefined);
  }, [load]);

  async function exportCsv() {
    setExportStatus('Preparing the CSV…');
    const entries: LedgerEntry[] = [];
    let before: string | undefined;
    do {
      const outcome = await loadPage({ limit: EXPORT_PAGE_LIMIT, ...(before ? { before } : {}) });
      if (!outcome.ok) {
        setExportStatus(failureMessage(outcome));
        return;
      }
      entries.push(...outcome.value.entries);
      before = outcome.value.nextBefore ?? undefined;
    } while (before);
    download(ledgerCsv(entries), ledgerCsvFileName(new Date()));
    setExportStatus(`Exported ${formatCredits(entries.length)} ledger entries.`);
  }

  return (
    <section class="history" aria-labelledby="history-title">
      <header class="history__header">
        <h2 id="history-title">Usage history</h2>
        <button type="button" class="secondary" onClick={exportCsv}>
          Export CSV
        </button>
      </header>
      <p class="muted">
        Every credit that moved on your account, newest first. A spend shows how it split between your team's
        pool and your personal credits.
      </p>
      <p role="status" aria-live="polite" class="history__export">
        {exportStatus}
      </p>
      {groups.length > 0 && <HistoryTable groups={groups} />}
      {status.kind === 'idle' && groups.length === 0 && <p>No credits have moved yet.</p>}
      {status.kind === 'failed' && (
        <div class="notice notice--bad" role="alert">
          <p>{status.message}</p>
          <button type="button" class="secondary" onClick={() => load(undefined)}>
            Try again
          </button>
        </div>
      )}
      {status.kind === 'loading' && (
        <p class="loading" role="status" aria-busy="true">
          Loading…
        </p>
      )}
      {status.kind === 'idle' && loaded.nextBefore && (
        <button type="button" class="secondary" onClick={() => load(loaded.nextBefore ?? undefined)}>
          Load older entries
        </button>
      )}
    </section>
  );
}

const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function HistoryTable({ groups }: { groups: LedgerGroup[] }) {
  return (
    <table class="history__table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col" class="num">
            Credits
          </th>
          <th scope="col">From / to</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.key} data-kind={group.kind}>
            <td>
              <time dateTime={group.at}>{WHEN.format(new Date(group.at))}</time>
            </td>
            <td>{describeGroup(group)}</td>
            <td class="num">{signed(group.net)}</td>
            <td class="history__split">{splitText(group)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function signed(amount: number): string {
  if (amount > 0) return `+${formatCredits(amount)}`;
  if (amount < 0) return `−${formatCredits(-amount)}`;
  return '0';
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
