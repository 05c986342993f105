/**
 * What a bulk run can cost, before it starts: the most it may charge (1 credit per row with something
 * to do), what the user can spend and from which credits, and the sites it will open. Pure.
 */
import type { Balance } from '../../api-client/contract/billing.ts';
import { findEmailPlan } from '../../services/email-finding/candidates.ts';
import { enrichmentTarget, originPattern } from '../../services/enrichment/target.ts';
import type { JobKind } from '../../services/jobs/row-task.ts';
import type { RowRecord } from '../../storage/model.ts';

export interface CostPreview {
  kind: JobKind;
  rows: number;
  /** Rows with nothing to do (enrich: no profile URL, enriched today; find_email: no domain, found today): free. */
  free: number;
  maxCredits: number;
  /** What the user can spend now, as the API counts it (pool access and cycle cap included). */
  canSpend: number;
  team: number;
  personal: number;
  /** Whether the team pool is drawn first (the balance's spend order). */
  teamFirst: boolean;
  /** Origin patterns the run opens, for `chrome.permissions.request`. */
  origins: string[];
}

export function previewCost(
  kind: JobKind,
  rows: readonly RowRecord[],
  balance: Balance | null,
  now: number,
): CostPreview {
  const origins = new Set<string>();
  let free = 0;
  for (const row of rows) {
    if (kind === 'find_email') {
      // Email finding asks for no site access: it reads a profile page only where access was granted.
      if ('skip' in findEmailPlan(row, now)) free += 1;
      continue;
    }
    const target = enrichmentTarget(row, now);
    if ('skip' in target) free += 1;
    else origins.add(originPattern(target.url));
  }
  const canSpend = Math.max(0, balance?.available ?? 0);
  const personalBuckets = balance
    ? balance.personal.subscription + balance.personal.topup + balance.personal.free
    : 0;
  // `available` counts the pool only as far as pool access and the cycle cap allow: what is left is team.
  const team = Math.max(0, canSpend - personalBuckets);
  return {
    kind,
    rows: rows.length,
    free,
    maxCredits: rows.length - free,
    canSpend,
    team,
    personal: canSpend - team,
    teamFirst: balance?.spendOrder[0]?.startsWith('team.') ?? true,
    origins: [...origins].sort(),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "Enrich 240 rows → at most 240 credits. You can spend 180 (team pool 120, then personal 60). …" */
export function previewText(preview: CostPreview): string {
  const verb = preview.kind === 'enrich' ? 'Enrich' : 'Find emails for';
  const parts = [`${verb} ${plural(preview.rows, 'row')} → at most ${plural(preview.maxCredits, 'credit')}.`];
  if (preview.free > 0) {
    const why =
      preview.kind === 'enrich'
        ? 'no profile URL, or enriched today'
        : 'no company domain or email, or an email found today';
    parts.push(
      `${plural(preview.free, 'row has', 'rows have')} nothing to do (${why}) and ${preview.free === 1 ? 'costs' : 'cost'} nothing.`,
    );
  }
  parts.push(`You can spend ${preview.canSpend.toLocaleString()}${sources(preview)}.`);
  parts.push('The run stops when credits run out.');
  return parts.join(' ');
}

function sources(p: CostPreview): string {
  if (p.team === 0 && p.personal === 0) return '';
  if (p.team === 0) return ' (personal)';
  if (p.personal === 0) return ' (team pool)';
  const team = `team pool ${p.team.toLocaleString()}`;
  const personal = `personal ${p.personal.toLocaleString()}`;
  return p.teamFirst ? ` (${team}, then ${personal})` : ` (${personal}, then ${team})`;
}
