import { resolveUrl } from './url.ts';

const LAZY_ATTRIBUTES = ['data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-image'];
// Generic placeholders and theme art: a default avatar is not the person's photo.
const PLACEHOLDER =
  /(?:^|[/_.-])(?:placeholder|blank|spacer|transparent|pixel|no[-_]?(?:photo|image|avatar|picture|pic)|anonymous|anon|silhouette|mystery(?:-?man)?|avatar[-_]?default|default[-_]?(?:avatar|user|profile|photo|image|picture|pic)|user[-_]?default)(?:[/_.-]|$)|\/default(?:[-_][a-z]+)?\.(?:png|jpe?g|gif|svg|webp)$|\/themes?\/|gravatar\.com\/avatar\/[0-9a-f]*\?.*d=(?:mm|mp|identicon|blank)|[?&](?:d|default)=(?:mm|mp|blank)/i;
// Icons, logos, flags and sprites are not photos either.
const ICON =
  /(?:^|[/_.-])(?:icon|icons|logo|logos|sprite|flag|flags|emoji|badge|favicon|arrow|bullet|loader|loading|spinner)(?:[/_.-]|$)/i;

/** True for default avatars, spacers and theme images: never returned as a person's photo. */
export function isPlaceholderImage(url: string): boolean {
  return PLACEHOLDER.test(url);
}

/** True for icons, logos and flags (by file name). */
export function isIconImage(url: string): boolean {
  return ICON.test(url);
}

function firstSrcsetUrl(srcset: string | null): string | undefined {
  if (!srcset) return undefined;
  // The largest candidate is the best photo, but the first is the one every browser accepts.
  const first = srcset.trim().split(/\s*,\s+/)[0];
  return first?.split(/\s+/)[0];
}

/** The photo URL of an <img> (src, lazy-loading attributes, srcset), resolved; undefined if none. */
export function imageUrlOf(img: Element, base: string): string | undefined {
  const candidates: Array<string | null | undefined> = [];
  const src = img.getAttribute('src');
  // Lazy loaders put a spacer or a data: URI in src and the real photo in data-*.
  if (src && !/^data:/i.test(src.trim())) candidates.push(src);
  for (const name of LAZY_ATTRIBUTES) candidates.push(img.getAttribute(name));
  candidates.push(
    firstSrcsetUrl(img.getAttribute('srcset')),
    firstSrcsetUrl(img.getAttribute('data-srcset')),
  );
  for (const raw of candidates) {
    const url = resolveUrl(raw, base);
    if (url && /^https?:/.test(url) && !isPlaceholderImage(url)) return url;
  }
  return undefined;
}

const CSS_URL = /background(?:-image)?\s*:[^;]*?url\(\s*(['"]?)([^'")]+)\1\s*\)/i;

/** The URL of an inline CSS `background-image`, resolved; undefined if none. */
export function backgroundImageOf(el: Element, base: string): string | undefined {
  const style = el.getAttribute('style');
  if (!style || style.length > 4000) return undefined;
  const match = CSS_URL.exec(style);
  const raw = match?.[2];
  if (!raw || /^data:/i.test(raw)) return undefined;
  const url = resolveUrl(raw, base);
  return url && /^https?:/.test(url) && !isPlaceholderImage(url) ? url : undefined;
}

/** True when width/height attributes say the image is icon-sized (both ≤ 40 px). */
export function isTinyImage(img: Element): boolean {
  const w = Number.parseInt(img.getAttribute('width') ?? '', 10);
  const h = Number.parseInt(img.getAttribute('height') ?? '', 10);
  if (Number.isFinite(w) && Number.isFinite(h)) return w <= 40 && h <= 40;
  if (Number.isFinite(w)) return w <= 40;
  if (Number.isFinite(h)) return h <= 40;
  return false;
}
