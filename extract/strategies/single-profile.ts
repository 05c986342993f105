import { cardLinks } from '../card/links.ts';
import { mapCard } from '../card/map-card.ts';
import type { ExtractContext, RawGroup } from '../context.ts';
import {
  findAll,
  findFirst,
  hasStyleUrl,
  headElement,
  headingLevel,
  isImg,
  isInChrome,
  metaContent,
} from '../dom/walk.ts';
import { imageUrlOf, isIconImage, isTinyImage } from '../fields/image.ts';
import { nameKey, nameScore } from '../fields/name.ts';
import { collapseWhitespace } from '../fields/text.ts';
import { resolveUrl } from '../fields/url.ts';

/** The page's own titles (<title>, og:title, twitter:title), split at " | ", " - ", " — ", ":". */
function titleKeys(doc: Document): Set<string> {
  const titles = [
    headElement(doc, 'title')?.textContent,
    metaContent(doc, ['og:title']),
    metaContent(doc, ['twitter:title']),
  ];
  const keys = new Set<string>();
  for (const title of titles) {
    if (!title) continue;
    for (const part of title.slice(0, 300).split(/\s+[|–—·•-]\s+|\s*[|:]\s+/)) {
      if (nameScore(part, { lenient: true }) > 0) keys.add(nameKey(part));
    }
  }
  return keys;
}

interface MainName {
  el: Element;
  confidence: number;
}

/** The heading that names the page's person: a name-like <h1>, or an <h2>/<h3> the page title repeats. */
function findMainName(ctx: ExtractContext): MainName | null {
  const keys = titleKeys(ctx.doc);
  let best: MainName | null = null;
  // A personal page often keeps its owner's card in a sidebar: sidebars count here, menus do not.
  const memo = new WeakMap<Element, boolean>();
  for (const heading of ctx.index().headings.slice(0, 300)) {
    if (isInChrome(heading, memo, true)) continue;
    const text = collapseWhitespace((heading.textContent ?? '').slice(0, 300));
    const inTitle = keys.has(nameKey(text));
    const score = nameScore(text, { lenient: inTitle });
    if (score === 0) continue;
    const level = headingLevel(heading);
    const confidence = level === 1 ? (inTitle ? 1 : 0.7) * score : inTitle ? 0.8 * score : 0;
    if (confidence > (best?.confidence ?? 0.3)) best = { el: heading, confidence };
  }
  return best;
}

function hasPhoto(el: Element, base: string): boolean {
  for (const img of findAll(el, isImg, 10)) {
    if (isTinyImage(img)) continue;
    const url = imageUrlOf(img, base);
    if (url && !isIconImage(url)) return true;
  }
  return findFirst(el, hasStyleUrl) !== undefined;
}

/**
 * The block that belongs to the main person: the smallest ancestor of the name that also holds a
 * photo and contact links (or one of them), without climbing into the whole page.
 */
function profileBlock(nameEl: Element, ctx: ExtractContext): Element {
  let fallback: Element | null = null;
  let node: Element | null = nameEl.parentElement;
  for (let depth = 0; node && depth < 6; depth += 1) {
    if (node.localName === 'body' || node.localName === 'html') break;
    if ((node.textContent?.length ?? 0) > 8000) break;
    const contact = cardLinks([node], ctx.base, 40).some(
      (l) => l.kind !== 'web' && l.kind !== 'other-network',
    );
    const photo = hasPhoto(node, ctx.base);
    if (contact && photo) return node;
    if ((contact || photo) && !fallback) fallback = node;
    node = node.parentElement;
  }
  return fallback ?? nameEl.parentElement ?? nameEl;
}

function metaImage(ctx: ExtractContext): string | undefined {
  const url = resolveUrl(metaContent(ctx.doc, ['og:image', 'twitter:image']), ctx.base);
  return url && /^https?:/.test(url) && !isIconImage(url) ? url : undefined;
}

/**
 * A page about one person: the name in the main heading (or a heading the page title repeats),
 * the title and contact links around it, the page itself as the profile URL.
 */
export function singleProfile(ctx: ExtractContext): RawGroup[] {
  const body = ctx.doc.body;
  if (!body) return [];
  const main = findMainName(ctx);
  if (!main) return [];
  const block = profileBlock(main.el, ctx);
  const mapped = mapCard([block], ctx, { nameEl: main.el, single: true });
  if (!mapped) return [];
  const profile = mapped.profile;
  if (!profile.imageUrl) {
    const image = metaImage(ctx);
    if (image) {
      profile.imageUrl = image;
      profile.provenance.imageUrl = 'page';
    }
  }
  return [
    {
      method: 'single-profile',
      kind: 'single',
      label: profile.name,
      profiles: [profile],
      score: 3 * main.confidence * (1 + mapped.richness / 4),
      accepted: true,
      roots: [block],
    },
  ];
}

// Fixtures: 2i2c-author-profile (name in an <h2> the page title repeats; the <h1> is a search
// dialog's), caencamp-speaker-profile (photo and icon links beside the <h1>, site links in the footer).
