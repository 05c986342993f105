/**
 * A row's last enrichment, in the table: a small mark whose label says what happened (fields added, or
 * why it failed). The error text came from a page or a server: rendered as text, capped.
 */
import type { RowRecord } from '../../storage/model.ts';
import { RowMark } from './row-mark.tsx';

const REASON_MAX = 200;

export function enrichmentLabel(row: Pick<RowRecord, 'enrichment'>): string | undefined {
  const enrichment = row.enrichment;
  if (!enrichment) return undefined;
  if (enrichment.status === 'failed') {
    return `Enrichment failed: ${(enrichment.error ?? 'unknown error').slice(0, REASON_MAX)}`;
  }
  const added = enrichment.fieldsAdded;
  return added.length > 0 ? `Enriched: added ${added.join(', ')}` : 'Enriched: nothing new on the page';
}

export function EnrichmentMark({ row }: { row: RowRecord }) {
  const label = enrichmentLabel(row);
  if (!label) return null;
  const failed = row.enrichment?.status === 'failed';
  return <RowMark label={label} failed={failed} symbol={failed ? '!' : '✓'} testId="enrichment-mark" />;
}
