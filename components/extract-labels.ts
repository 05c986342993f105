import type { BreakdownItem } from '../api-client/contract/billing.ts';
import type { CandidateGroup, ExtractionMethod, FieldSource } from '../extract/profile.ts';
import type { Charge, PageRef } from '../messaging/extraction.ts';

/** How a field was found, for people: a short marker beside the value and the words it stands for. */
export const PROVENANCE: Record<FieldSource, { marker: string; label: string }> = {
  'structured-data': { marker: 'SD', label: 'structured data on the page' },
  'table-column': { marker: 'T', label: 'a table column' },
  'card-text': { marker: 'C', label: 'the card pattern (a line in a repeated card)' },
  heading: { marker: 'H', label: 'a heading in the card' },
  'image-alt': { marker: 'A', label: "the photo's alt text" },
  image: { marker: 'I', label: 'the photo in the card' },
  'contact-link': { marker: 'L', label: 'a contact link (mailto:, tel:, social or website)' },
  'link-target': { marker: '→', label: 'where the name or photo links to' },
  'text-pattern': { marker: 'P', label: 'a pattern in the text (an email or phone number)' },
  page: { marker: 'PG', label: "the page's own address, title or meta data" },
};

/** The tooltip of a field: its value (capped) and how it was found. */
export function provenanceTitle(value: string, source: FieldSource | undefined): string {
  const how = source ? `Found in ${PROVENANCE[source].label}` : 'How it was found is not recorded';
  return `${clip(value, TITLE_MAX_CHARS)}\n${how}`;
}

const METHOD_LABELS: Record<ExtractionMethod | 'combined', string> = {
  'json-ld': 'structured data (JSON-LD)',
  microdata: 'structured data (microdata)',
  rdfa: 'structured data (RDFa)',
  'h-card': 'structured data (h-card)',
  tables: 'a table',
  'repeated-cards': 'repeated cards',
  'single-profile': "the page's one person",
  combined: 'several lists together',
};

/** "List 2 of 3 · Speakers · 12 people, from repeated cards". Page text only as text, capped. */
export function groupSummary(group: CandidateGroup, index: number, count: number): string {
  const people = `${group.profiles.length} ${group.profiles.length === 1 ? 'person' : 'people'}`;
  const label = clip(group.label, 60);
  return `List ${index + 1} of ${count} · ${label} · ${people}, from ${METHOD_LABELS[group.method]}`;
}

const TITLE_MAX_CHARS = 300;
/** storage/lists.ts LIST_NAME_MAX_CHARS, not imported: that module would bring Dexie into the popup's first paint. */
const LIST_NAME_MAX_CHARS = 100;

/** At most `max` characters of page text, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Where the page's credit came from: "1 credit from the team pool", "…from your personal credits". */
export function chargeText(charge: Charge): string {
  if (charge.kind === 'replayed') return 'Already paid for this page: not charged again.';
  const credits = `${charge.charged} ${charge.charged === 1 ? 'credit' : 'credits'}`;
  return `${credits} ${sourceOf(charge.breakdown)}.`;
}

function sourceOf(breakdown: BreakdownItem[]): string {
  const paid = breakdown.filter((item) => item.amount > 0);
  const team = paid.some((item) => item.bucket.startsWith('team.'));
  const personal = paid.some((item) => item.bucket.startsWith('personal.'));
  if (team && personal) return 'from the team pool and your personal credits';
  if (team) return 'from the team pool';
  return 'from your personal credits';
}

/** A name for a new list: the page's title, else its host (createList cleans and caps it again). */
export function suggestedListName(page: PageRef): string {
  const fromTitle = page.title.replace(/\s+/g, ' ').trim().slice(0, LIST_NAME_MAX_CHARS).trim();
  if (fromTitle) return fromTitle;
  try {
    return new URL(page.url).host || 'Extracted profiles';
  } catch {
    return 'Extracted profiles';
  }
}

/** Link targets the popup makes clickable: web pages only (never javascript:, data: or the like). */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** "Saved 12 to “Speakers” (3 merged)": what a save did, in a line. */
export function savedText(result: { added: number; merged: number; skipped: number }, listName: string) {
  const saved = result.added + result.merged;
  const parts = [`Saved ${saved} to “${clip(listName, 60)}”`];
  const notes: string[] = [];
  if (result.merged > 0) notes.push(`${result.merged} merged with people already in the list`);
  if (result.skipped > 0) notes.push(`${result.skipped} without a name skipped`);
  if (notes.length > 0) parts.push(`(${notes.join(', ')})`);
  return parts.join(' ');
}
