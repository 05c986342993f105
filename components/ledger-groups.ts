import type { Action, Bucket, LedgerEntry } from '../api-client/contract/billing.ts';
import { BUCKET_LABELS } from './credit-labels.ts';

/**
 * One line of the usage history: a spend (all its bucket entries), a hold with its capture or release,
 * or a single grant or forfeit. Amounts are signed as in the ledger (− out of a bucket, + into it).
 */
export interface LedgerGroup {
  /** `spendId`, `holdId`, or the entry id for a lone entry. */
  key: string;
  /** When the newest entry of the group happened. */
  at: string;
  kind: 'spend' | 'hold' | 'grant' | 'forfeit';
  /** For holds: where they stand (`held` = pending, or expired without a release yet seen). */
  holdStatus?: 'held' | 'captured' | 'released';
  action?: Action | undefined;
  entries: LedgerEntry[];
  /** Net amount per bucket over the group's entries. */
  byBucket: Partial<Record<Bucket, number>>;
  /** Net credits moved, team pool and personal buckets together. */
  net: number;
}

const isTeam = (bucket: Bucket) => bucket.startsWith('team.');

/** Groups ledger entries (newest first, as the API pages them) by spend and hold, keeping that order. */
export function groupLedgerEntries(entries: readonly LedgerEntry[]): LedgerGroup[] {
  const groups = new Map<string, LedgerGroup>();
  for (const entry of entries) {
    // A hold's capture may name the spend it became: the hold id keeps its entries together.
    const key = entry.holdId ?? entry.spendId ?? entry.id;
    let group = groups.get(key);
    if (!group) {
      group = { key, at: entry.at, kind: kindOf(entry), entries: [], byBucket: {}, net: 0 };
      groups.set(key, group);
    }
    group.entries.push(entry);
    group.action ??= entry.action;
    group.byBucket[entry.bucket] = (group.byBucket[entry.bucket] ?? 0) + entry.amount;
    group.net += entry.amount;
    if (entry.at > group.at) group.at = entry.at;
  }
  for (const group of groups.values()) {
    if (group.kind === 'hold') group.holdStatus = holdStatusOf(group.entries);
  }
  return [...groups.values()];
}

function kindOf(entry: LedgerEntry): LedgerGroup['kind'] {
  if (entry.kind === 'grant' || entry.kind === 'forfeit' || entry.kind === 'spend') return entry.kind;
  return 'hold';
}

function holdStatusOf(entries: readonly LedgerEntry[]): LedgerGroup['holdStatus'] {
  if (entries.some((entry) => entry.kind === 'capture')) return 'captured';
  if (entries.some((entry) => entry.kind === 'release')) return 'released';
  return 'held';
}

/** Credits the group took from (positive) or gave back to the team pool and the personal buckets. */
export function poolAndPersonal(group: LedgerGroup): { team: number; personal: number } {
  let team = 0;
  let personal = 0;
  for (const [bucket, amount] of Object.entries(group.byBucket) as Array<[Bucket, number]>) {
    if (isTeam(bucket)) team += amount;
    else personal += amount;
  }
  return { team, personal };
}

const ACTION_LABELS: Record<Action, string> = {
  page_scrape: 'Page scrape',
  enrichment: 'Enrichment',
  email_find: 'Email found',
};

/** What happened, in words: `Page scrape`, `Enrichment (held, captured)`, `Credits added: Top-up`. */
export function describeGroup(group: LedgerGroup): string {
  const action = group.action ? ACTION_LABELS[group.action] : 'Credits';
  switch (group.kind) {
    case 'spend':
      return action;
    case 'hold':
      return `${action} (${group.holdStatus === 'held' ? 'held' : `held, ${group.holdStatus}`})`;
    case 'grant':
      return `Credits added: ${bucketsOf(group)}`;
    case 'forfeit':
      return `Unused credits expired: ${bucketsOf(group)}`;
  }
}

function bucketsOf(group: LedgerGroup): string {
  return (Object.keys(group.byBucket) as Bucket[]).map((bucket) => BUCKET_LABELS[bucket]).join(', ');
}

/**
 * How a group split between the team pool and the personal buckets, e.g. `Team pool 2 · Personal free 1`.
 * Amounts are shown without sign: the total column carries the direction.
 */
export function splitText(group: LedgerGroup): string {
  const parts: string[] = [];
  let team = 0;
  for (const [bucket, amount] of Object.entries(group.byBucket) as Array<[Bucket, number]>) {
    if (amount === 0) continue;
    if (isTeam(bucket)) team += amount;
    else parts.push(`Personal ${BUCKET_LABELS[bucket].toLowerCase()} ${Math.abs(amount)}`);
  }
  if (team !== 0) parts.unshift(`Team pool ${Math.abs(team)}`);
  return parts.length > 0 ? parts.join(' · ') : 'Nothing moved';
}
