import Papa from 'papaparse';
import type { LedgerEntry } from '../api-client/contract/billing.ts';
import { guardCell } from '../storage/export/formula-guard.ts';

export const LEDGER_CSV_COLUMNS = [
  'id',
  'at',
  'kind',
  'action',
  'bucket',
  'amount',
  'spendId',
  'holdId',
] as const;

/**
 * The user's own ledger as CSV, one row per entry, for reconciling invoices. Text cells that a
 * spreadsheet would run as a formula are prefixed with `'`; amounts stay numbers (a negative number is
 * not a formula).
 * @example ledgerCsv(entries) // "id,at,kind,action,bucket,amount,spendId,holdId\r\nle_9,2026-…,spend,page_scrape,personal.free,-1,spend_…,\r\n"
 */
export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  // The guard of every Lasso export (storage/export), not papaparse's `escapeFormulae`, whose default
  // pattern ends in `.*$` and so misses a value with a line break after its first character.
  const text = (value: string | undefined) => guardCell(value ?? '');
  const rows = entries.map((entry) => [
    text(entry.id),
    text(entry.at),
    text(entry.kind),
    text(entry.action),
    text(entry.bucket),
    entry.amount,
    text(entry.spendId),
    text(entry.holdId),
  ]);
  const csv = Papa.unparse({ fields: [...LEDGER_CSV_COLUMNS], data: rows }, { newline: '\r\n' });
  return `${csv}\r\n`;
}

/** `lasso-ledger-2026-11-25.csv` */
export function ledgerCsvFileName(now: Date): string {
  return `lasso-ledger-${now.toISOString().slice(0, 10)}.csv`;
}
