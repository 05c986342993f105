/**
 * The addresses to verify for a row, in the order the issue sets: the email already on the row, emails
 * found on the row's pages, then the company domain's patterns — those already seen at that domain in
 * the user's own lists first. Deduplicated and capped, so one row never verifies for long. Pure.
 */
import type { RowRecord } from '../../storage/model.ts';
import { companyDomain } from './domain.ts';
import { splitName } from './names.ts';
import { rankPatterns } from './patterns.ts';

export const MAX_CANDIDATES = 8;

export interface Candidate {
  email: string;
  /** Where it came from, for the row's explanation. */
  source: 'row' | 'page' | 'pattern';
  /** The pattern id, for `pattern` candidates. */
  pattern?: string;
}

const ADDRESS = /^[^\s@<>()[\],;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** What email finding can do for a row, decided before anything is verified or spent. */
export type FindEmailPlan =
  | { skip: string }
  | { domain: string | undefined; canBuild: boolean; rowEmail: string | undefined };

/** Whether a row has anything to search with: an email to check, or a name and a company domain. */
export function findEmailPlan(
  row: Pick<RowRecord, 'name' | 'email' | 'links' | 'emailFinding'>,
  now: number,
): FindEmailPlan {
  if (row.emailFinding?.status === 'valid' && sameDay(row.emailFinding.at, now)) {
    return { skip: 'An email was already found for this row today' };
  }
  const domain = companyDomain(row);
  const rowEmail = row.email && ADDRESS.test(row.email) ? row.email.toLowerCase() : undefined;
  const canBuild = domain !== undefined && splitName(row.name) !== undefined;
  if (!rowEmail && !canBuild) {
    return {
      skip: domain
        ? 'The name cannot be spelt as an email address (it needs a first and last name in Latin letters)'
        : 'No company domain known for this row (add its website or work email)',
    };
  }
  return { domain, canBuild, rowEmail };
}

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/**
 * The candidates for a row in the order they are verified.
 * @param pageEmails addresses found on the row's pages (mailto links, "name [at] domain")
 * @param seenPatterns pattern id → how many saved addresses at the domain follow it
 */
export function candidatesFor(
  row: Pick<RowRecord, 'name' | 'email' | 'links'>,
  pageEmails: readonly string[],
  seenPatterns: ReadonlyMap<string, number>,
  max = MAX_CANDIDATES,
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (email: string, source: Candidate['source'], pattern?: string) => {
    const normalised = email.trim().toLowerCase();
    if (out.length >= max || seen.has(normalised) || !ADDRESS.test(normalised)) return;
    seen.add(normalised);
    out.push(pattern ? { email: normalised, source, pattern } : { email: normalised, source });
  };
  if (row.email) add(row.email, 'row');
  for (const email of pageEmails) add(email, 'page');
  const domain = companyDomain(row);
  const name = splitName(row.name);
  if (domain && name) {
    for (const pattern of rankPatterns(seenPatterns)) {
      add(`${pattern.build(name.first[0]!, name.last[0]!)}@${domain}`, 'pattern', pattern.id);
    }
  }
  return out;
}
