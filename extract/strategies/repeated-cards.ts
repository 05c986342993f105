import { MAX_CARD_LINES, type MappedCard, mapCard } from '../card/map-card.ts';
import { elementAt } from '../card/path.ts';
import type { ExtractContext, RawGroup } from '../context.ts';
import { labelOf } from '../dom/label.ts';
import { collectLines, fragmentsOf, type Line, type LineRange } from '../dom/lines.ts';
import {
  childElements,
  findAll,
  findFirst,
  headingLevel,
  INLINE_TAGS,
  isImg,
  isInChrome,
  isLink,
  isSkipped,
  shapeKey,
} from '../dom/walk.ts';
import { nameFromAlt, nameKey, nameScore } from '../fields/name.ts';
import { collapseWhitespace } from '../fields/text.ts';
import type { ProfileDraft } from '../profile.ts';

/** How far up from a name its card may be. */
const MAX_CARD_DEPTH = 10;
const MAX_GROUPS = 200;
const MAX_ITEMS = 5000;
const MIN_NAME_SCORE = 0.45;

interface NameMark {
  /** Distinct name keys below this element (at most 4 kept). */
  keys: string[];
}

interface PageLines {
  lines: Line[];
  /** For each block element, the range of lines inside it. */
  ranges: Map<Element, LineRange>;
}

/** The page's lines, read once, and which of them each element holds: cards reuse them. */
function readPageLines(body: Element): PageLines {
  const ranges = new Map<Element, LineRange>();
  const lines = collectLines([body], { maxLines: 80_000, maxNodes: 800_000, ranges });
  return { lines, ranges };
}

/**
 * A card's lines from the page walk. Undefined (read the card afresh) when a root is inline — its
 * text may share a line with its neighbours — or holds no line the walk recorded.
 */
function linesOfCard(roots: readonly Element[], page: PageLines): Line[] | undefined {
  const out: Line[] = [];
  for (const root of roots) {
    if (INLINE_TAGS.has(root.localName)) return undefined;
    const range = page.ranges.get(root);
    if (!range) return undefined;
    for (let i = range.start; i < range.end && out.length < MAX_CARD_LINES; i += 1)
      out.push(page.lines[i] as Line);
  }
  return out;
}

/** The elements holding a name-like text or a photo whose alt is a name, keyed by the name. */
function findNameOwners(
  ctx: ExtractContext,
  body: Element,
  lines: Line[],
): Array<{ el: Element; key: string }> {
  const owners: Array<{ el: Element; key: string }> = [];
  for (const line of lines) {
    if (line.text.length > 160) continue;
    const texts = [line.text];
    // A line of one text run is its own only fragment: no need to find the links around it.
    const fragments = line.parts.length > 1 ? fragmentsOf(line) : [];
    if (fragments.length > 1) for (const fragment of fragments) texts.push(fragment.text);
    let best = '';
    let bestScore = 0;
    for (const text of texts) {
      const score = nameScore(text);
      if (score > bestScore) {
        best = text;
        bestScore = score;
      }
    }
    if (bestScore >= MIN_NAME_SCORE) owners.push({ el: line.el, key: nameKey(best) });
  }
  for (const img of ctx.index().imagesWithAlt) {
    if (!body.contains(img)) continue;
    const alt = nameFromAlt(img.getAttribute('alt') ?? '');
    if (alt && nameScore(alt) >= MIN_NAME_SCORE) owners.push({ el: img, key: nameKey(alt) });
  }
  return owners;
}

/** Marks each owner's ancestors (up to MAX_CARD_DEPTH) with the names below them. */
function markAncestors(owners: Array<{ el: Element; key: string }>, body: Element): Map<Element, NameMark> {
  const marks = new Map<Element, NameMark>();
  for (const { el, key } of owners) {
    let node: Element | null = el;
    for (let depth = 0; node && node !== body && depth <= MAX_CARD_DEPTH; depth += 1) {
      let mark = marks.get(node);
      if (!mark) {
        mark = { keys: [] };
        marks.set(node, mark);
      }
      if (!mark.keys.includes(key) && mark.keys.length < 4) mark.keys.push(key);
      node = node.parentElement;
    }
  }
  return marks;
}

interface Bucket {
  parent: Element;
  key: string;
  members: Element[];
}

/** Siblings of one shape (same parent, tag and first class) that hold names: candidate lists. */
function bucketsOf(marks: Map<Element, NameMark>): Bucket[] {
  const buckets = new Map<Element, Map<string, Bucket>>();
  for (const el of marks.keys()) {
    const parent = el.parentElement;
    if (!parent) continue;
    const tag = el.localName;
    // Table rows are the tables strategy's; list items of a <select> etc. are skipped anyway.
    if (tag === 'tr' || tag === 'tbody' || tag === 'thead' || tag === 'td' || tag === 'th') continue;
    const key = shapeKey(el);
    let byKey = buckets.get(parent);
    if (!byKey) {
      byKey = new Map();
      buckets.set(parent, byKey);
    }
    let bucket = byKey.get(key);
    if (!bucket) {
      bucket = { parent, key, members: [] };
      byKey.set(key, bucket);
    }
    bucket.members.push(el);
  }
  const out: Bucket[] = [];
  for (const byKey of buckets.values())
    for (const bucket of byKey.values()) if (bucket.members.length >= 2) out.push(bucket);
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A member that is only the name (a heading, a <dt>, a bare list item), not a whole card. */
function isNameOnly(el: Element, marks: Map<Element, NameMark>): boolean {
  if (findFirst(el, isImg, 300)) return false;
  const mark = marks.get(el);
  if (mark?.keys.length !== 1) return false;
  const text = collapseWhitespace((el.textContent ?? '').slice(0, 300));
  return text.length <= 90 && !/[@]/.test(text) && findAll(el, isLink, 2, 300).length <= 1;
}

/**
 * The cards of a bucket: each member element, or — when members are bare names (a flat run of
 * "<h3>Name</h3><p>Role</p>…") — each name with the siblings that follow it up to the next one.
 */
function cardsOf(bucket: Bucket, marks: Map<Element, NameMark>): { items: Element[][]; total: number } {
  const siblings = childElements(bucket.parent).filter((c) => shapeKey(c) === bucket.key && !isSkipped(c));
  const memberSet = new Set(bucket.members);
  const nameOnly = bucket.members.filter((m) => isNameOnly(m, marks)).length >= bucket.members.length * 0.8;
  const adjacent = bucket.members.every((m) => {
    const next = m.nextElementSibling;
    return !next || memberSet.has(next) || shapeKey(next) === bucket.key;
  });
  if (!nameOnly || adjacent) return { items: siblings.map((s) => [s]), total: siblings.length };
  const level = headingLevel(bucket.members[0] as Element);
  const items: Element[][] = [];
  for (const member of bucket.members) {
    const card = [member];
    let next = member.nextElementSibling;
    while (next && !memberSet.has(next) && card.length < 12) {
      const nextLevel = headingLevel(next);
      if (nextLevel && (!level || nextLevel <= level)) break;
      if (shapeKey(next) === bucket.key) break;
      if ((marks.get(next)?.keys.length ?? 0) > 1) break;
      card.push(next);
      next = next.nextElementSibling;
    }
    items.push(card);
  }
  return { items, total: items.length };
}

interface Evaluated {
  group: RawGroup;
  roots: Element[];
  position: Element;
}

/** The position in the card where most cards of the list hold a name, if most do. */
function consensusPath(cards: Array<MappedCard | null>): string | undefined {
  const counts = new Map<string, number>();
  let mapped = 0;
  for (const card of cards) {
    if (!card) continue;
    mapped += 1;
    for (const path of card.namePaths) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [path, count] of counts) {
    if (count > bestCount) {
      best = path;
      bestCount = count;
    }
  }
  return bestCount >= Math.max(2, mapped * 0.6) ? best : undefined;
}

/**
 * Re-reads the cards whose name was found somewhere else than where the list keeps its names
 * (a username link beside the real name, a one-word name the first pass did not trust).
 */
function alignToConsensus(
  items: Element[][],
  cards: Array<MappedCard | null>,
  ctx: ExtractContext,
  page: PageLines,
): void {
  const path = consensusPath(cards);
  if (!path) return;
  for (const [i, roots] of items.entries()) {
    const card = cards[i];
    if (card && card.namePath === path) continue;
    const el = elementAt(path, roots);
    if (!el) continue;
    const text = collapseWhitespace((el.textContent ?? '').slice(0, 200));
    if (nameScore(text, { allowSingleWord: true, lenient: true }) < 0.5) continue;
    const remapped = mapCard(roots, ctx, {
      nameEl: el,
      allowSingleWord: true,
      lines: linesOfCard(roots, page),
    });
    if (remapped) cards[i] = remapped;
  }
}

function evaluate(
  bucket: Bucket,
  marks: Map<Element, NameMark>,
  ctx: ExtractContext,
  budget: { items: number },
  page: PageLines,
): Evaluated | null {
  const { items: allItems, total } = cardsOf(bucket, marks);
  const items = allItems.slice(0, Math.max(0, budget.items));
  budget.items -= items.length;
  const cards = items.map((roots) => mapCard(roots, ctx, { lines: linesOfCard(roots, page) }));
  alignToConsensus(items, cards, ctx, page);
  const mapped: Array<{ card: MappedCard; root: Element }> = [];
  for (const [i, card] of cards.entries()) {
    if (card && card.nameConfidence >= 0.5) mapped.push({ card, root: items[i]?.[0] as Element });
  }
  const n = mapped.length;
  if (n < 2) return null;
  const ratio = n / Math.max(1, Math.min(total, items.length));
  const richness = mapped.reduce((sum, m) => sum + m.card.richness, 0) / n;
  const confidence = Math.min(1.2, mapped.reduce((sum, m) => sum + m.card.nameConfidence, 0) / n);
  const chrome = isInChrome(bucket.parent, ctx.chromeMemo);
  // Testimonials quote people; post and talk lists credit them. Neither shows them as profiles.
  const quoted = mapped.filter((m) => m.card.quoted).length >= n / 2;
  const articles = mapped.filter((m) => m.card.articleLike).length >= n / 2;
  const plainNames = richness < 0.75;
  let score = n * (0.6 + richness * 0.35) * confidence * Math.sqrt(ratio);
  if (chrome || quoted) score *= 0.1;
  if (articles) score *= 0.5;
  if (plainNames) score *= 0.6;
  const accepted =
    !chrome &&
    !quoted &&
    !articles &&
    ratio >= 0.5 &&
    confidence >= 0.7 &&
    (!plainNames || (n >= 3 && confidence >= 0.85 && ratio >= 0.8));
  const profiles: ProfileDraft[] = mapped.map((m) => m.card.profile);
  const roots = mapped.map((m) => m.root);
  return {
    group: {
      method: 'repeated-cards',
      kind: 'list',
      label: labelOf(roots[0] as Element) || labelOf(bucket.parent),
      profiles,
      score,
      accepted,
      roots,
    },
    roots,
    position: roots[0] as Element,
  };
}

/** Drops lists whose cards sit inside, or around, the cards of a better list. */
function removeOverlaps(groups: Evaluated[]): Evaluated[] {
  const kept: Evaluated[] = [];
  const taken = new Set<Element>();
  const aroundTaken = new Set<Element>();
  const sorted = [...groups].sort((a, b) => b.group.score - a.group.score);
  for (const candidate of sorted) {
    const overlaps = candidate.roots.some((root) => {
      if (aroundTaken.has(root)) return true;
      for (let node: Element | null = root; node; node = node.parentElement) if (taken.has(node)) return true;
      return false;
    });
    if (overlaps) continue;
    kept.push(candidate);
    for (const root of candidate.roots) {
      taken.add(root);
      for (let node = root.parentElement; node && !aroundTaken.has(node); node = node.parentElement)
        aroundTaken.add(node);
    }
  }
  return kept;
}

/**
 * Repeated structure: sibling elements of one shape that each hold one person-like name, mapped
 * card by card (name, role, company, contact links, photo, profile link) and scored as a list —
 * lists in navigation, headers and footers, or made of bare link texts, are not people.
 */
export function repeatedCards(ctx: ExtractContext): RawGroup[] {
  const body = ctx.doc.body;
  if (!body) return [];
  const page = readPageLines(body);
  const owners = findNameOwners(ctx, body, page.lines);
  if (owners.length < 2) return [];
  const marks = markAncestors(owners, body);
  const buckets = bucketsOf(marks)
    .map((bucket) => {
      const counts = bucket.members.map((m) => marks.get(m)?.keys.length ?? 0);
      return { bucket, counts };
    })
    .filter(({ counts }) => median(counts) <= 2)
    .sort((a, b) => b.bucket.members.length - a.bucket.members.length)
    .slice(0, MAX_GROUPS);
  const budget = { items: MAX_ITEMS };
  const evaluated: Evaluated[] = [];
  for (const { bucket } of buckets) {
    const result = evaluate(bucket, marks, ctx, budget, page);
    if (result) evaluated.push(result);
  }
  return removeOverlaps(evaluated)
    .sort((a, b) => (a.position.compareDocumentPosition(b.position) & 4 ? -1 : 1))
    .map((e) => e.group);
}

// Fixtures: 2i2c-team, caencamp-speakers, admantwerp-people (cards and a bare alumni list),
// osg-team, truffle-staff, cs170-staff, interaction14-team, visap2024-organizers (paragraph per
// person under role headings), drupalcamp2017-speakers (username link beside the real name);
// tests/fixtures/pages/cards-*.html.
