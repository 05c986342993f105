import { cardLinks } from '../card/links.ts';
import type { ExtractContext, RawGroup } from '../context.ts';
import { labelOf } from '../dom/label.ts';
import { childElements, findAll, hasStyleUrl, isImg, isInChrome } from '../dom/walk.ts';
import { findEmail } from '../fields/email.ts';
import { backgroundImageOf, imageUrlOf, isIconImage, isTinyImage } from '../fields/image.ts';
import { cleanName, nameScore } from '../fields/name.ts';
import { findPhone } from '../fields/phone.ts';
import { cleanText, collapseWhitespace, foldText } from '../fields/text.ts';
import { isHomePage, isSamePage } from '../fields/url.ts';
import type { ProfileDraft, ProfileLinks } from '../profile.ts';

type Column =
  | 'name'
  | 'first'
  | 'last'
  | 'title'
  | 'company'
  | 'location'
  | 'email'
  | 'phone'
  | 'website'
  | 'skip';

// Header words (several languages) → column meaning. Checked in order: "Organization URL" is a URL
// column before it is an organisation one.
const HEADER_RULES: Array<[RegExp, Column]> = [
  [/\b(?:url|link|site|homepage|web)\b/, 'website'],
  [/\b(?:id|username|login|handle|user ?name|nick)\b/, 'skip'],
  [/\b(?:first ?name|given ?name|prenom|vorname)\b/, 'first'],
  [/\b(?:last ?name|family ?name|surname|nom de famille|nachname|apellidos?)\b/, 'last'],
  [/\b(?:e ?mail|mail|courriel)\b/, 'email'],
  [/\b(?:phone|tel|telephone|mobile|telefon|telefono)\b/, 'phone'],
  [
    /\b(?:organi[sz]ations?|company|affiliation|institution|employer|org|firm|university|entreprise|societe|firma|empresa|organisme)\b/,
    'company',
  ],
  [
    /\b(?:roles?|title|position|job|function|responsibilit(?:y|ies)|fonction|funktion|rolle|cargo|puesto|stanowisko)\b/,
    'title',
  ],
  [/\b(?:location|city|country|based|town|place|ville|pays|ort|land|ciudad|pais)\b/, 'location'],
  [/\b(?:name|full ?name|person|member|speaker|author|nom|naam|nome|nombre|imie i nazwisko|who)\b/, 'name'],
];

function columnOf(header: string): Column {
  const text = foldText(header);
  if (!text) return 'skip';
  for (const [pattern, column] of HEADER_RULES) if (pattern.test(text)) return column;
  return 'skip';
}

function cellsOf(row: Element): Element[] {
  const out: Element[] = [];
  for (const child of childElements(row))
    if (child.localName === 'td' || child.localName === 'th') out.push(child);
  return out;
}

function rowsOf(table: Element): Element[] {
  // Rows of this table only, not of tables nested in its cells.
  const rows: Element[] = [];
  for (const section of childElements(table)) {
    if (section.localName === 'tr') rows.push(section);
    else if (
      section.localName === 'thead' ||
      section.localName === 'tbody' ||
      section.localName === 'tfoot'
    ) {
      for (const row of childElements(section))
        if (row.localName === 'tr' && rows.length < 5000) rows.push(row);
    }
  }
  return rows;
}

function cellText(cell: Element | undefined): string {
  return cell ? collapseWhitespace((cell.textContent ?? '').slice(0, 1000)) : '';
}

/** Header row and column meanings, from <th> cells or a first row of labels. */
function readHeader(rows: Element[]): { columns: Column[]; start: number } | null {
  const first = rows[0];
  if (!first) return null;
  const cells = cellsOf(first);
  const isHeader =
    cells.length > 0 &&
    (cells.every((c) => c.localName === 'th') || first.parentElement?.localName === 'thead');
  if (!isHeader) return null;
  const columns = cells.map((c) => columnOf(cellText(c)));
  return columns.includes('name') || (columns.includes('first') && columns.includes('last'))
    ? { columns, start: 1 }
    : null;
}

/** Without a header: the column where most cells are names (and nothing else reads as one). */
function guessColumns(rows: Element[]): Column[] | null {
  const width = Math.max(...rows.slice(0, 50).map((r) => cellsOf(r).length));
  if (!Number.isFinite(width) || width < 1) return null;
  let best = -1;
  let bestShare = 0;
  for (let col = 0; col < width; col += 1) {
    let names = 0;
    for (const row of rows.slice(0, 50)) if (nameScore(cellText(cellsOf(row)[col])) >= 0.6) names += 1;
    const share = names / Math.min(rows.length, 50);
    if (share > bestShare) {
      bestShare = share;
      best = col;
    }
  }
  if (best < 0 || bestShare < 0.7) return null;
  const columns: Column[] = Array.from({ length: width }, () => 'skip');
  columns[best] = 'name';
  return columns;
}

function rowProfile(row: Element, columns: Column[], ctx: ExtractContext): ProfileDraft | null {
  const cells = cellsOf(row);
  const value = (column: Column) => {
    const i = columns.indexOf(column);
    return i >= 0 ? cellText(cells[i]) : '';
  };
  const raw = value('name') || `${value('first')} ${value('last')}`.trim();
  const name = cleanName(raw);
  if (!name || nameScore(name) === 0) return null;
  const profile: ProfileDraft = { name: cleanText(name), provenance: { name: 'table-column' } };
  const set = (field: 'title' | 'company' | 'location', text: string) => {
    if (text) {
      profile[field] = cleanText(text);
      profile.provenance[field] = 'table-column';
    }
  };
  set('title', value('title'));
  set('company', value('company'));
  set('location', value('location'));
  const links = cardLinks([row], ctx.base);
  const mail = links.find((l) => l.kind === 'email')?.email ?? findEmail(value('email'));
  if (mail) {
    profile.email = mail;
    profile.provenance.email = links.some((l) => l.email === mail) ? 'contact-link' : 'table-column';
  }
  const phone = links.find((l) => l.kind === 'phone')?.phone ?? findPhone(value('phone'));
  if (phone) {
    profile.phone = cleanText(phone);
    profile.provenance.phone = 'table-column';
  }
  const nameCell = cells[columns.indexOf('name')];
  const nameLink = nameCell ? links.find((l) => nameCell.contains(l.el) && l.kind !== 'email') : undefined;
  if (
    nameLink &&
    !isSamePage(nameLink.url, ctx.pageUrl) &&
    !isHomePage(nameLink.url) &&
    nameLink.kind !== 'other-network'
  ) {
    profile.profileUrl = nameLink.url;
    profile.provenance.profileUrl = 'link-target';
  }
  const socials: ProfileLinks = {};
  for (const link of links) {
    if (
      link.kind === 'email' ||
      link.kind === 'phone' ||
      link.kind === 'other-network' ||
      link.kind === 'web'
    )
      continue;
    socials[link.kind] ??= link.url;
  }
  const websiteCell = cells[columns.indexOf('website')];
  const website = websiteCell ? links.find((l) => websiteCell.contains(l.el) && l.kind === 'web') : undefined;
  // An "Organization URL" column is the organisation's site, not the person's.
  const header = columns.indexOf('website');
  if (website && header >= 0 && !columns.includes('company')) socials.website = website.url;
  if (Object.keys(socials).length > 0) {
    profile.links = socials;
    profile.provenance.links = 'contact-link';
  }
  const image = imageOf(row, ctx);
  if (image) {
    profile.imageUrl = image;
    profile.provenance.imageUrl = 'image';
  }
  return profile;
}

function imageOf(row: Element, ctx: ExtractContext): string | undefined {
  for (const img of findAll(row, isImg, 5)) {
    if (isTinyImage(img)) continue;
    const url = imageUrlOf(img, ctx.base);
    if (url && !isIconImage(url)) return url;
  }
  for (const el of findAll(row, hasStyleUrl, 5)) {
    const url = backgroundImageOf(el, ctx.base);
    if (url) return url;
  }
  return undefined;
}

/**
 * Tables of people: a header naming a Name column (or first + last name), else a column where
 * most cells are names; each row one person, other columns mapped by their header.
 */
export function tables(ctx: ExtractContext): RawGroup[] {
  const groups: RawGroup[] = [];
  for (const [index, table] of ctx.index().tables.slice(0, 300).entries()) {
    if (isInChrome(table, ctx.chromeMemo)) continue;
    const rows = rowsOf(table);
    if (rows.length < 2) continue;
    const header = readHeader(rows);
    const columns = header?.columns ?? (rows.length >= 3 ? guessColumns(rows) : null);
    if (!columns) continue;
    const body = rows.slice(header?.start ?? 0);
    const profiles: ProfileDraft[] = [];
    for (const row of body) {
      const profile = rowProfile(row, columns, ctx);
      if (profile) profiles.push(profile);
    }
    const share = body.length > 0 ? profiles.length / body.length : 0;
    if (profiles.length === 0 || share < 0.5) continue;
    groups.push({
      method: 'tables',
      kind: 'list',
      label: labelOf(table) || `Table ${index + 1}`,
      profiles,
      score: profiles.length * (header ? 3 : 2) * share,
      accepted: header !== undefined && header !== null ? true : profiles.length >= 3,
      roots: [table],
    });
  }
  return groups;
}

// Fixtures: cnes-doi-team (Maven team list: Members and Contributors tables); interaction14-team
// ("Additional credits" table, rejected: no name column); tests/fixtures/pages/table-people.html.
