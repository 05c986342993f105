import { findAll, isLink } from '../dom/walk.ts';
import { emailFromMailto } from '../fields/email.ts';
import { isPhone, phoneFromTel } from '../fields/phone.ts';
import { classifyLink, type LinkKind, labelSaysWebsite } from '../fields/social.ts';
import { collapseWhitespace } from '../fields/text.ts';
import { resolveUrl } from '../fields/url.ts';

const ICON_TAGS = new Set(['i', 'span', 'svg', 'img', 'use']);

/** One `<a href>` of a card, resolved and classified. */
export interface CardLink {
  el: Element;
  url: string;
  kind: LinkKind | 'email' | 'phone';
  /** Visible text, collapsed. */
  text: string;
  /** Text plus icon classes, title and aria-label: what the link says it is (plain web links only). */
  label: string;
  email?: string;
  phone?: string;
}

/** The links of a card, in document order (at most `max`). */
export function cardLinks(roots: readonly Element[], base: string, max = 60): CardLink[] {
  const anchors: Element[] = [];
  for (const root of roots) {
    if (isLink(root)) anchors.push(root);
    anchors.push(...findAll(root, isLink, max));
  }
  return readLinks(anchors, base, max);
}

/** The links of a card from its `<a href>` elements (in document order), at most `max`. */
export function readLinks(anchors: readonly Element[], base: string, max = 60): CardLink[] {
  const out: CardLink[] = [];
  for (const el of anchors) {
    if (out.length >= max) break;
    const link = readLink(el, base);
    if (link) out.push(link);
  }
  return out;
}

function readLink(el: Element, base: string): CardLink | undefined {
  const url = resolveUrl(el.getAttribute('href'), base);
  if (!url) return undefined;
  const text = collapseWhitespace((el.textContent ?? '').slice(0, 1000)).slice(0, 200);
  if (url.startsWith('mailto:')) {
    const email = emailFromMailto(url);
    return email ? { el, url, kind: 'email', text, label: text, email } : undefined;
  }
  if (url.startsWith('tel:')) {
    // The number as shown ("020 7123 4567") beats the dialling form in the href ("+442071234567").
    const phone = isPhone(text) ? text : phoneFromTel(url);
    return phone ? { el, url, kind: 'phone', text, label: text, phone } : undefined;
  }
  const kind = classifyLink(url);
  // Only a plain web link needs its icons read (is it the person's website?).
  const label =
    kind === 'web'
      ? `${text} ${iconHints(el)} ${el.getAttribute('title') ?? ''} ${el.getAttribute('aria-label') ?? ''}`.slice(
          0,
          600,
        )
      : text;
  return { el, url, kind, text, label };
}

/** Class names of the link and of the icon elements inside it ("fa fa-globe"), and image alts. */
function iconHints(el: Element): string {
  const hints: string[] = [el.getAttribute('class') ?? ''];
  const inner = findAll(el, (child) => ICON_TAGS.has(child.localName), 6, 200);
  for (const child of inner) {
    hints.push(
      child.getAttribute('class') ?? '',
      child.getAttribute('alt') ?? '',
      child.getAttribute('aria-label') ?? '',
    );
  }
  return hints.join(' ').slice(0, 400);
}

/** True when a plain web link reads as the person's own website (an icon, "Website", a domain). */
export function looksLikeWebsiteLink(link: CardLink): boolean {
  if (labelSaysWebsite(link.label)) return true;
  const text = link.text.trim();
  if (!text) return true; // an icon-only link beside a person: their site
  return /^(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}(?:\/\S*)?$/i.test(text);
}
