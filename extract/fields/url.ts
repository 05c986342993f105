import { memoize } from './memo.ts';
import { MAX_URL_CHARS } from './text.ts';

/**
 * Resolves `raw` (an href, src or CSS url) against `base`: an absolute http(s) URL, a `mailto:` or
 * `tel:` URL, or undefined for anything else (javascript:, data:, empty, fragments only, too long).
 */
export function resolveUrl(raw: string | null | undefined, base: string): string | undefined {
  if (raw == null) return undefined;
  let resolved = resolvers.get(base);
  if (!resolved) {
    // A page has one base: keyed by it first, the href itself is the key (no "base + href" string).
    if (resolvers.size >= 8) resolvers.clear();
    resolved = memoize((href) => computeResolved(href, base));
    resolvers.set(base, resolved);
  }
  return resolved(raw);
}

const resolvers = new Map<string, (raw: string) => string | undefined>();

function computeResolved(raw: string, base: string): string | undefined {
  // Hand-written pages put newlines and spaces inside href values; browsers strip them.
  const trimmed = raw.replace(/[\t\n\r]/g, '').trim();
  if (!trimmed || trimmed.length > MAX_URL_CHARS || trimmed.startsWith('#')) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.protocol === 'mailto:' || url.protocol === 'tel:') return url.href.slice(0, MAX_URL_CHARS);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const href = url.href;
  return href.length > MAX_URL_CHARS ? undefined : href;
}

/** Host without `www.`, lower-case; '' when not an http(s) URL. */
export function hostOf(url: string): string {
  return hosts(url);
}

const hosts = memoize((url) => {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    return u.hostname.toLowerCase().replace(/^www\d*\./, '');
  } catch {
    return '';
  }
});

/** Same page, ignoring scheme, `www.`, trailing slash, query and fragment. */
export function isSamePage(a: string, b: string): boolean {
  return pageKey(a) === pageKey(b);
}

const pageKey = memoize((url) => {
  try {
    const u = new URL(url);
    return `${u.hostname.toLowerCase().replace(/^www\d*\./, '')}${u.pathname.replace(/\/+$/, '').replace(/\/index\.html?$/, '')}`;
  } catch {
    return url;
  }
});

/** A site's home page ("https://example.org/", "/index.html"): an organisation, not a person. */
export function isHomePage(url: string): boolean {
  return homePages(url);
}

const homePages = memoize((url) => {
  try {
    const u = new URL(url);
    return /^\/?(?:index\.[a-z]+)?$/i.test(u.pathname.replace(/\/+$/, '')) && !u.search;
  } catch {
    return false;
  }
});

/** True for `http(s)://host/path` links that leave the page's site. */
export function isExternal(url: string, pageUrl: string): boolean {
  const a = hostOf(url);
  const b = hostOf(pageUrl);
  return a !== '' && a !== b;
}
