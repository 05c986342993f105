import { headElement, walkElements } from './dom/walk.ts';
import type { ExtractionMethod, ProfileDraft } from './profile.ts';

/** Elements the strategies look for, gathered in one walk of the document. */
export interface PageIndex {
  jsonLdScripts: Element[];
  microdataItems: Element[];
  rdfaItems: Element[];
  hCards: Element[];
  tables: Element[];
  headings: Element[];
  imagesWithAlt: Element[];
}

/** What every strategy reads: the document, its URL, and caches shared within one extraction. */
export interface ExtractContext {
  doc: Document;
  /** The page's own URL (`ExtractOptions.url`). */
  pageUrl: string;
  /** Base for resolving relative links: `<base href>` resolved against the page URL, else the page URL. */
  base: string;
  /** isInChrome answers, per element. */
  chromeMemo: WeakMap<Element, boolean>;
  /** The page index, built on first use. */
  index(): PageIndex;
}

/** One list of people a strategy found. */
export interface RawGroup {
  method: ExtractionMethod;
  /** What kind of evidence: structured data (trusted), a list on the page, or the page's one person. */
  kind: 'structured' | 'list' | 'single';
  /** A short human label: the heading above the list, or the method. */
  label: string;
  profiles: ProfileDraft[];
  /** Higher is more likely what a person means; comparable within one page. */
  score: number;
  /** Part of the page's default answer (otherwise only offered as an alternative). */
  accepted: boolean;
  /** The elements of the items, for telling overlapping lists apart. */
  roots?: Element[];
}

/** A strategy: one page shape, one function (registered in strategies/index.ts). */
export type Strategy = (ctx: ExtractContext) => RawGroup[];

/** The context for `doc` at `url`, honouring a `<base href>`. */
export function createContext(doc: Document, url: string): ExtractContext {
  let base = url;
  const baseHref = headElement(doc, 'base')?.getAttribute('href');
  if (baseHref) {
    try {
      base = new URL(baseHref.trim(), url).href;
    } catch {
      base = url;
    }
  }
  let index: PageIndex | undefined;
  return {
    doc,
    pageUrl: url,
    base,
    chromeMemo: new WeakMap(),
    index: () => {
      index ??= buildIndex(doc);
      return index;
    },
  };
}

const MAX_INDEXED = 20_000;
const H_CARD = /(?:^|\s)(?:h-card|vcard)(?:\s|$)/;

/**
 * One walk over the whole document instead of one selector query per strategy: selector engines
 * in jsdom cost far more per query than this walk, and Chromium does not mind.
 */
function buildIndex(doc: Document): PageIndex {
  const index: PageIndex = {
    jsonLdScripts: [],
    microdataItems: [],
    rdfaItems: [],
    hCards: [],
    tables: [],
    headings: [],
    imagesWithAlt: [],
  };
  const root = doc.documentElement;
  if (!root) return index;
  const push = (list: Element[], el: Element) => {
    if (list.length < MAX_INDEXED) list.push(el);
  };
  walkElements(root, (el) => {
    const tag = el.localName;
    if (tag === 'script') {
      if ((el.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json')
        push(index.jsonLdScripts, el);
      return false;
    }
    if (tag === 'style' || tag === 'template') return false;
    if (tag === 'table') push(index.tables, el);
    else if (tag === 'h1' || tag === 'h2' || tag === 'h3') push(index.headings, el);
    else if (tag === 'img' && el.hasAttribute('alt')) push(index.imagesWithAlt, el);
    // Most elements of a page carry no attribute: one call answers the three questions below.
    if (!el.hasAttributes()) return true;
    if (el.hasAttribute('itemscope') && el.hasAttribute('itemtype')) push(index.microdataItems, el);
    if (el.hasAttribute('typeof')) push(index.rdfaItems, el);
    const cls = el.getAttribute('class');
    if (cls && H_CARD.test(cls)) push(index.hCards, el);
    return true;
  });
  return index;
}
