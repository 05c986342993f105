/**
 * A row's last email search, in the table: a small mark whose label says what was found (and that the
 * row kept its own, different email) or why nothing was. Rendered as text, capped.
 */
import type { RowRecord } from '../../storage/model.ts';
import { RowMark } from './row-mark.tsx';

const REASON_MAX = 200;

export function emailFindingLabel(row: Pick<RowRecord, 'emailFinding' | 'email'>): string | undefined {
  const finding = row.emailFinding;
  if (!finding) return undefined;
  if (finding.status !== 'valid') return (finding.reason ?? 'No verified email found').slice(0, REASON_MAX);
  const found = finding.email ?? row.email ?? '';
  const kept = row.email && found && row.email.toLowerCase() !== found ? ` (the row keeps ${row.email})` : '';
  return `Verified email: ${found}${kept}`;
}

export function EmailFindingMark({ row }: { row: RowRecord }) {
  const label = emailFindingLabel(row);
  if (!label) return null;
  const found = row.emailFinding?.status === 'valid';
  return <RowMark label={label} failed={!found} symbol="@" testId="email-finding-mark" />;
}
