import { collectLines, fragmentsOf, type Line } from '../dom/lines.ts';
import { findAll, findFirst, hasStyleUrl, isImg } from '../dom/walk.ts';
import { classifyLine, companyAfterAt, isLocation, type LineKind } from '../fields/classify-line.ts';
import { findEmail } from '../fields/email.ts';
import { backgroundImageOf, imageUrlOf, isIconImage, isTinyImage } from '../fields/image.ts';
import { cleanName, nameFromAlt, nameKey, nameScore, splitName } from '../fields/name.ts';
import { findPhone } from '../fields/phone.ts';
import { cleanText, collapseWhitespace, foldText, trimPunctuation } from '../fields/text.ts';
import { hostOf, isExternal, isHomePage, isSamePage } from '../fields/url.ts';
import type { FieldSource, ProfileDraft, ProfileLinks } from '../profile.ts';
import { type CardElements, cardElements } from './inventory.ts';
import { type CardLink, looksLikeWebsiteLink, readLinks } from './links.ts';
import { pathIn } from './path.ts';

/** Lines read from one card: more is a page section, not a card. */
export const MAX_CARD_LINES = 120;

/** Where a card is and what the page is: what the mapper needs besides the card itself. */
export interface CardContext {
  /** Base for resolving links (the page URL, or its `<base href>`). */
  base: string;
  /** The page's own URL. */
  pageUrl: string;
}

export interface CardOptions {
  /** The element holding the person's name, when the caller already knows it (single-profile pages). */
  nameEl?: Element;
  /** One-word names pass (the caller knows the position holds names in the other cards of the list). */
  allowSingleWord?: boolean;
  /** The card's lines, when the caller already collected them (repeated-cards reuses its page walk). */
  lines?: Line[];
  /** The card is the page's one person: the page itself is the profile URL. */
  single?: boolean;
}

/** A card mapped to a profile, with how sure the mapper is. */
export interface MappedCard {
  profile: ProfileDraft;
  /** The name's own score (fields/name.ts) with positional bonuses, 0–1.5. */
  nameConfidence: number;
  /** 0–4: photo, profile link, title/company, contact details. */
  richness: number;
  /** The card quotes someone (a testimonial): names there are not profiles. */
  quoted: boolean;
  /** A longer heading comes before the name (a post or talk with its author). */
  articleLike: boolean;
  /** Where the name was found in the card (card/path.ts), and every position holding a name-like text. */
  namePath?: string;
  namePaths: string[];
}

interface NameChoice {
  name: string;
  /** What followed the name on its line ("Jane Doe, Acme" → "Acme"). */
  rest?: string;
  score: number;
  line: number;
  fragment: number;
  link: Element | null;
  source: FieldSource;
}

const NAME_HINT =
  /(?:^|[\s_-])(?:name|fn|p-name|full-?name|person-?name|author-?name|member-?name|speaker-?name)(?:$|[\s_-])/i;

function hasNameHint(el: Element, roots: readonly Element[]): boolean {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth += 1) {
    const cls = node.getAttribute('class');
    if (cls && cls.length < 300 && NAME_HINT.test(cls)) return true;
    if (roots.includes(node)) break;
    node = node.parentElement;
  }
  return false;
}

function photoAlts(card: CardElements): string[] {
  const out: string[] = [];
  for (const img of card.altImages) {
    const alt = nameFromAlt(img.getAttribute('alt') ?? '');
    if (alt) out.push(alt);
  }
  return out;
}

interface Candidate {
  text: string;
  fragment: number;
  link: Element | null;
  rest?: string;
  split?: boolean;
}

function chooseName(
  lines: Line[],
  roots: readonly Element[],
  card: CardElements,
  links: CardLink[],
  options: CardOptions,
  namePaths: string[],
): NameChoice | null {
  const alts = photoAlts(card);
  const altKeys = new Set(alts.map(nameKey));
  let best: NameChoice | null = null;
  for (const [i, line] of lines.entries()) {
    if (i > 40) break;
    const forced = options.nameEl
      ? options.nameEl.contains(line.el) || line.el.contains(options.nameEl)
      : false;
    if (options.nameEl && !forced) continue;
    const fragments = fragmentsOf(line);
    const candidates: Candidate[] = [
      { text: line.text, fragment: -1, link: fragments.length === 1 ? (fragments[0]?.link ?? null) : null },
    ];
    if (fragments.length > 1) {
      for (const [j, fragment] of fragments.entries())
        candidates.push({ text: fragment.text, fragment: j, link: fragment.link });
    }
    // "Carla Rossi (Politecnico di Milano)", "Paul Dirac, now at CERN": the name, then the rest.
    for (const [k, candidate] of candidates.entries()) {
      const split = splitName(candidate.text);
      if (split) candidates[k] = { ...candidate, text: split.name, rest: split.rest, split: true };
    }
    for (const candidate of candidates) {
      const base = nameScore(candidate.text, {
        allowSingleWord: forced && options.allowSingleWord,
        lenient: forced || altKeys.has(nameKey(candidate.text)),
      });
      if (base === 0) continue;
      if (candidate.fragment === -1 && !candidate.split && base >= 0.5 && namePaths.length < 8) {
        const path = pathIn(line.el, roots);
        if (path && !namePaths.includes(path)) namePaths.push(path);
      }
      const linkKind = candidate.link ? links.find((l) => l.el === candidate.link)?.kind : undefined;
      let score = base;
      if (line.heading) score += 0.3 - line.heading * 0.02;
      if (line.strong) score += 0.1;
      if (hasNameHint(line.el, roots)) score += 0.3;
      if (altKeys.has(nameKey(candidate.text))) score += 0.3;
      if (linkKind === 'web') score += 0.1;
      if (linkKind === 'email' || linkKind === 'phone') score -= 0.3;
      if (candidate.fragment >= 0) score -= 0.05;
      score -= i * 0.02;
      if (forced) score += 1;
      if (!best || score > best.score) {
        best = {
          name: cleanName(candidate.text),
          rest: candidate.rest,
          score,
          line: i,
          fragment: candidate.fragment,
          link: candidate.link,
          source: line.heading || line.strong ? 'heading' : 'card-text',
        };
      }
    }
  }
  if (best || options.nameEl) return best;
  // A photo-only card: the name is in the image's alt text.
  for (const alt of alts) {
    const score = nameScore(alt);
    if (score > 0)
      return { name: alt, score: score * 0.8, line: -1, fragment: -1, link: null, source: 'image-alt' };
  }
  return null;
}

interface Fragment {
  text: string;
  kind: LineKind;
  before: boolean;
  link: Element | null;
}

function otherFragments(lines: Line[], choice: NameChoice, skipLinks: Set<Element>): Fragment[] {
  const key = nameKey(choice.name);
  const out: Fragment[] = [];
  const nameLink = lines[choice.line] ? choice.link : null;
  for (const text of restParts(choice.rest)) {
    out.push({ text, kind: kindOf(text, nameLink), before: false, link: nameLink });
  }
  for (const [i, line] of lines.entries()) {
    const fragments = fragmentsOf(line);
    for (const [j, fragment] of fragments.entries()) {
      if (i === choice.line && (choice.fragment === -1 || choice.fragment === j)) continue;
      const text = trimPunctuation(fragment.text);
      if (!text || nameKey(text) === key) continue;
      // A link that is just this text (a username, "@handle", an e-mail) is not a title or company.
      if (fragment.link && skipLinks.has(fragment.link) && linkText(fragment.link) === fragment.text)
        continue;
      out.push({ text, kind: kindOf(text, fragment.link), before: i < choice.line, link: fragment.link });
    }
  }
  return out;
}

/** Cheap test before the costly one: an address, plain or "name [at] domain", needs one of these. */
function mayHoldEmail(text: string): boolean {
  return text.includes('@') || /\bat\b|\(at\)|\[at\]/i.test(text);
}

function linkText(link: Element): string {
  return collapseWhitespace((link.textContent ?? '').slice(0, 300));
}

function kindOf(text: string, link: Element | null): LineKind {
  const kind = classifyLine(text);
  // A domain written as plain text is a name ("Interaction-Design.org"); linked, it is a website.
  return kind === 'url' && !link ? 'other' : kind;
}

/** "Professor | Stanford University" → both; commas split only where an organisation starts. */
function restParts(rest: string | undefined): string[] {
  if (!rest) return [];
  const out: string[] = [];
  for (const part of rest.split(/\s+[–—|·•/]\s+|\s+-\s+|\)\s*,?\s*|\s+\(/)) {
    if (isLocation(part)) {
      out.push(trimPunctuation(part));
      continue;
    }
    const pieces = part
      .split(/\s*[,;]\s*/)
      .map(trimPunctuation)
      .filter(Boolean);
    if (
      pieces.length > 1 &&
      pieces.slice(1).some((p) => classifyLine(p) === 'org' || classifyLine(p) === 'location')
    ) {
      out.push(...pieces);
    } else if (trimPunctuation(part)) {
      out.push(trimPunctuation(part));
    }
  }
  return out.slice(0, 6);
}

interface TextFields {
  title?: string;
  company?: string;
  location?: string;
  companyLink?: Element | null;
}

/** Title, company and location from the card's other lines, by wording first, then by position. */
function assignTextFields(fragments: Fragment[]): TextFields {
  const out: TextFields = {};
  const used = new Set<Fragment>();
  const take = (f: Fragment | undefined) => {
    if (f) used.add(f);
    return f;
  };
  const title =
    take(fragments.find((f) => f.kind === 'role')) ??
    take(fragments.find((f) => f.before && (f.kind === 'other' || f.kind === 'weak-role'))) ??
    take(fragments.find((f) => f.kind === 'weak-role'));
  const company = take(fragments.find((f) => !used.has(f) && f.kind === 'org'));
  const location = take(fragments.find((f) => !used.has(f) && f.kind === 'location'));
  let companyText = company?.text;
  let companyLink = company?.link ?? null;
  if (!companyText) {
    const other = fragments.find(
      (f) => !used.has(f) && !f.before && f.kind === 'other' && isShortLabel(f.text),
    );
    if (other) {
      companyText = other.text;
      companyLink = other.link;
      used.add(other);
    }
  }
  if (title) out.title = title.text;
  if (!companyText && title) companyText = companyAfterAt(title.text);
  if (companyText) out.company = companyText;
  if (location) out.location = location.text;
  out.companyLink = companyLink;
  return out;
}

/** A company line is short and not a list of keywords or a sentence. */
function isShortLabel(text: string): boolean {
  if (text.length > 80) return false;
  if ((text.match(/,/g)?.length ?? 0) >= 2) return false;
  return !/[.!?]$/.test(text) || /\b(?:inc|ltd|co|corp)\.$/i.test(text);
}

function pickImage(
  roots: readonly Element[],
  card: CardElements,
  ctx: CardContext,
  name: string,
  contactLinks: Set<Element>,
): string | undefined {
  const key = nameKey(name);
  let first: string | undefined;
  for (const img of card.images) {
    if (isTinyImage(img) || insideAny(img, contactLinks)) continue;
    const url = imageUrlOf(img, ctx.base);
    if (!url || isIconImage(url)) continue;
    const alt = nameFromAlt(img.getAttribute('alt') ?? '');
    if (alt && nameKey(alt) === key) return url;
    first ??= url;
  }
  if (first) return first;
  for (const root of roots) {
    const styled = [root, ...findAll(root, hasStyleUrl, 10)];
    for (const el of styled) {
      const url = backgroundImageOf(el, ctx.base);
      if (url && !isIconImage(url)) return url;
    }
  }
  return undefined;
}

function insideAny(el: Element, containers: Set<Element>): boolean {
  let node: Element | null = el.parentElement;
  for (let depth = 0; node && depth < 6; depth += 1) {
    if (containers.has(node)) return true;
    node = node.parentElement;
  }
  return false;
}

/** The link wrapping the name, else the photo, else the card itself. */
function profileLinkOf(
  choice: NameChoice,
  roots: readonly Element[],
  links: CardLink[],
): CardLink | undefined {
  if (choice.link) {
    const byName = links.find((l) => l.el === choice.link);
    if (byName) return byName;
  }
  const photoLink = links.find(
    (l) => findFirst(l.el, (el) => isImg(el) || hasStyleUrl(el), 200) !== undefined,
  );
  if (photoLink && photoLink.kind === 'web') return photoLink;
  const rootLink =
    roots.length === 1 && roots[0]?.localName === 'a' ? links.find((l) => l.el === roots[0]) : undefined;
  return rootLink;
}

function acceptProfileUrl(link: CardLink, ctx: CardContext, name: string): string | undefined {
  if (link.kind === 'email' || link.kind === 'phone' || link.kind === 'other-network') return undefined;
  if (isSamePage(link.url, ctx.pageUrl)) return undefined;
  if (isHomePage(link.url)) {
    if (!isExternal(link.url, ctx.pageUrl)) return undefined;
    // An outside home page is the person's own site only if its host carries their name.
    const host = foldText(hostOf(link.url)).replace(/\s+/g, '');
    const parts = foldText(name)
      .split(' ')
      .filter((p) => p.length >= 3);
    if (!parts.some((p) => host.includes(p))) return undefined;
  }
  return link.url;
}

/**
 * Maps a card (one element, or a heading and the siblings that follow it) to a profile: the name
 * by wording and emphasis, title / company / location by wording then position, contact details
 * from links and text, the photo, and the profile URL from the link around the name or photo.
 */
export function mapCard(
  roots: readonly Element[],
  ctx: CardContext,
  options: CardOptions = {},
): MappedCard | null {
  const lines = options.lines ?? collectLines(roots, { maxLines: MAX_CARD_LINES, maxNodes: 6000 });
  const card = cardElements(roots);
  const links = readLinks(card.links, ctx.base);
  const namePaths: string[] = [];
  const choice = chooseName(lines, roots, card, links, options, namePaths);
  if (!choice?.name) return null;
  const provenance: ProfileDraft['provenance'] = { name: choice.source };
  const profile: ProfileDraft = { name: cleanText(choice.name), provenance };

  const profileLink = options.single ? undefined : profileLinkOf(choice, roots, links);
  const profileUrl = options.single
    ? ctx.pageUrl
    : profileLink
      ? acceptProfileUrl(profileLink, ctx, choice.name)
      : undefined;
  const skip = new Set<Element>();
  for (const link of links) {
    if (link.kind !== 'web' || (profileLink && link.url === profileLink.url)) skip.add(link.el);
  }
  const fragments = otherFragments(lines, choice, skip);
  const text = assignTextFields(fragments);
  if (text.title) {
    profile.title = cleanText(text.title);
    provenance.title = 'card-text';
  }
  if (text.company) {
    profile.company = cleanText(text.company);
    provenance.company = 'card-text';
  }
  if (text.location) {
    profile.location = cleanText(text.location);
    provenance.location = 'card-text';
  }

  const email = links.find((l) => l.kind === 'email')?.email;
  if (email) {
    profile.email = email;
    provenance.email = 'contact-link';
  } else {
    const written =
      fragments.find((f) => f.kind === 'email') ??
      fragments.find((f) => mayHoldEmail(f.text) && findEmail(f.text));
    const found = written ? findEmail(written.text) : undefined;
    if (found) {
      profile.email = found;
      provenance.email = 'text-pattern';
    }
  }
  const phone = links.find((l) => l.kind === 'phone')?.phone;
  if (phone) {
    profile.phone = cleanText(phone);
    provenance.phone = 'contact-link';
  } else {
    for (const f of fragments) {
      const found = f.kind === 'phone' || /\d{3}/.test(f.text) ? findPhone(f.text) : undefined;
      if (found) {
        profile.phone = cleanText(found);
        provenance.phone = 'text-pattern';
        break;
      }
    }
  }
  if (profileUrl) {
    profile.profileUrl = profileUrl;
    provenance.profileUrl = options.single ? 'page' : 'link-target';
  }

  const contactEls = new Set(links.filter((l) => l.kind !== 'web').map((l) => l.el));
  const image = pickImage(roots, card, ctx, choice.name, contactEls);
  if (image) {
    profile.imageUrl = image;
    provenance.imageUrl = 'image';
  }

  const socials = socialLinks(links, ctx, profileLink, text.companyLink ?? null);
  if (socials) {
    profile.links = socials;
    provenance.links = 'contact-link';
  }
  const richness =
    (profile.imageUrl ? 1 : 0) +
    // A bare linked name (a menu entry, a tag) is not made richer by its link.
    (profile.profileUrl && lines.length > 1 ? 1 : 0) +
    (profile.title || profile.company ? 1 : 0) +
    (profile.email || profile.phone || profile.links ? 1 : 0);
  const nameLine = lines[choice.line];
  const namePath = nameLine ? pathIn(nameLine.el, roots) : undefined;
  const quoted = card.quoted || lines.some((l) => /^["“«„]/.test(l.text) && l.text.split(' ').length > 8);
  const articleLike = lines
    .slice(0, Math.max(0, choice.line))
    .some((l) => l.heading > 0 && l.text.split(' ').length > 3 && nameScore(l.text) === 0);
  return { profile, nameConfidence: choice.score, richness, namePath, namePaths, quoted, articleLike };
}

function socialLinks(
  links: CardLink[],
  ctx: CardContext,
  profileLink: CardLink | undefined,
  companyLink: Element | null,
): ProfileLinks | undefined {
  const out: ProfileLinks = {};
  let any = false;
  for (const link of links) {
    if (link.kind === 'email' || link.kind === 'phone' || link.kind === 'other-network') continue;
    if (link.kind === 'web') {
      if (link.el === companyLink || (profileLink && link.el === profileLink.el)) continue;
      if (out.website || !looksLikeWebsiteLink(link)) continue;
      if (!isExternal(link.url, ctx.pageUrl) && !/\bweb ?site|home ?page\b/i.test(link.label)) continue;
      if (profileLink && link.url === profileLink.url) continue;
      out.website = link.url;
      any = true;
      continue;
    }
    if (!out[link.kind]) {
      out[link.kind] = link.url;
      any = true;
    }
  }
  return any ? out : undefined;
}
