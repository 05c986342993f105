/**
 * DOM reading helpers. Attributes and the tree only — no layout, no computed style — so jsdom,
 * happy-dom and Chromium give the same answers; every walk is iterative, so 5,000-deep markup
 * cannot overflow the stack.
 */

/** Elements whose content is never visible text of the page. */
export const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'head',
  'select',
  'option',
  'textarea',
  'input',
  'canvas',
  'video',
  'audio',
  'map',
  'button',
  'dialog',
]);

/** Phrasing elements: they do not start a new line of text. */
export const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
  'img',
  'picture',
  'source',
  'del',
  'ins',
  'tt',
  'big',
  'nobr',
]);

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*(?:;|$)/i;

/** Hidden by markup: `hidden`, `display:none` / `visibility:hidden` inline, or a skipped tag. */
export function isSkipped(el: Element): boolean {
  if (SKIP_TAGS.has(el.localName)) return true;
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  return style != null && style.length < 2000 && HIDDEN_STYLE.test(style);
}

/** Calls `visit` for `root` and every element below it in document order; `visit` returning false prunes. */
export function walkElements(
  root: Element,
  visit: (el: Element) => boolean | undefined,
  limit = 400_000,
): number {
  const stack: Element[] = [root];
  let count = 0;
  while (stack.length > 0 && count < limit) {
    const el = stack.pop() as Element;
    count += 1;
    if (visit(el) === false) continue;
    for (let child = el.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
  }
  return count;
}

/**
 * The element children of `el`. Sibling pointers, not `el.children`: jsdom's HTMLCollection is a
 * proxy that costs microseconds per index, and a page can have 100k children.
 */
export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) out.push(child);
  return out;
}

/**
 * Descendants of `root` (not root itself) passing `test`, in document order: at most `limit`, after
 * visiting at most `maxVisits` elements. A plain walk is much cheaper than a selector in jsdom and
 * no slower in Chromium for the small subtrees of a card.
 */
export function findAll(
  root: Element,
  test: (el: Element) => boolean,
  limit = 50,
  maxVisits = 5000,
): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [];
  for (let child = root.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
  let visits = 0;
  while (stack.length > 0 && out.length < limit && visits < maxVisits) {
    const el = stack.pop() as Element;
    visits += 1;
    if (test(el)) out.push(el);
    for (let child = el.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
  }
  return out;
}

/** The first descendant passing `test`, if any. */
export function findFirst(
  root: Element,
  test: (el: Element) => boolean,
  maxVisits = 5000,
): Element | undefined {
  return findAll(root, test, 1, maxVisits)[0];
}

/**
 * The `<meta>` content for any of `keys` (matched against name or property), read from the head's
 * children without a selector query.
 */
export function metaContent(doc: Document, keys: string[]): string | undefined {
  const head = doc.head;
  if (!head) return undefined;
  for (let el = head.firstElementChild; el; el = el.nextElementSibling) {
    if (el.localName !== 'meta') continue;
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? '').toLowerCase();
    if (keys.includes(key)) {
      const content = el.getAttribute('content');
      if (content) return content;
    }
  }
  return undefined;
}

/** The first element of the head with this tag (title, base). */
export function headElement(doc: Document, tag: string): Element | undefined {
  const head = doc.head;
  if (!head) return undefined;
  for (let el = head.firstElementChild; el; el = el.nextElementSibling) if (el.localName === tag) return el;
  return undefined;
}

/** `<a href>` */
export const isLink = (el: Element) => el.localName === 'a' && el.hasAttribute('href');
/** `<img>` */
export const isImg = (el: Element) => el.localName === 'img';
/** An element with an inline style that may hold a `url(...)` (background photos). */
export const hasStyleUrl = (el: Element) => (el.getAttribute('style') ?? '').includes('url');

/** The lowest element that contains both `a` and `b`. */
export function commonAncestor(a: Element, b: Element): Element {
  let el: Element | null = a;
  while (el && !el.contains(b)) el = el.parentElement;
  return el ?? a;
}

const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'menu']);
const CHROME_ROLES =
  /^(?:navigation|banner|contentinfo|menu|menubar|complementary|search|dialog|alertdialog)$/;
// Class/id tokens that start with one of these words ("navbar-menu", "footer-inner") or end with the
// first group ("site-footer", "main-nav") mark chrome; "with-sidebar" layout wrappers do not.
const CHROME_START =
  /^(?:nav|navbar|navigation|menu|menubar|footer|breadcrumbs?|sidebar|pagination|pager|cookies?|modal|masthead|topbar|toc|share|sharing|social-share|skip-link)(?:$|[-_])/i;
const CHROME_END = /(?:^|[-_])(?:nav|navbar|navigation|menu|footer|breadcrumbs?|pagination)$/i;

function hasSidebarToken(el: Element): boolean {
  return (
    /(?:^|\s)sidebar/i.test(el.getAttribute('class') ?? '') || /^sidebar/i.test(el.getAttribute('id') ?? '')
  );
}

function hasChromeToken(value: string | null): boolean {
  if (!value || value.length > 500) return false;
  for (const token of value.split(/\s+/)) {
    if (token && (CHROME_START.test(token) || CHROME_END.test(token))) return true;
  }
  return false;
}

/**
 * True when `el` sits in page chrome — navigation, header, footer, sidebar, menus, dialogs: names
 * there are links to pages, not people shown as profiles. `memo` caches answers per element.
 */
export function isInChrome(el: Element, memo: WeakMap<Element, boolean>, allowSidebars = false): boolean {
  const path: Element[] = [];
  let node: Element | null = el;
  let answer = false;
  while (node) {
    const known = memo.get(node);
    if (known !== undefined) {
      answer = known;
      break;
    }
    path.push(node);
    if (isChromeElement(node, allowSidebars)) {
      answer = true;
      break;
    }
    node = node.parentElement;
  }
  for (const visited of path) memo.set(visited, answer);
  return answer;
}

function isChromeElement(el: Element, allowSidebars: boolean): boolean {
  const tag = el.localName;
  if (tag === 'body' || tag === 'html' || tag === 'main' || tag === 'article') return false;
  if (
    allowSidebars &&
    (tag === 'aside' || el.getAttribute('role') === 'complementary' || hasSidebarToken(el))
  )
    return false;
  if (CHROME_TAGS.has(tag)) {
    // <header> inside an article or a card is that item's header, not the site's.
    if (tag === 'header' && el.parentElement && el.parentElement.localName !== 'body' && !isTopLevel(el)) {
      return false;
    }
    return true;
  }
  const role = el.getAttribute('role');
  if (role && CHROME_ROLES.test(role)) return true;
  return hasChromeToken(el.getAttribute('class')) || hasChromeToken(el.getAttribute('id'));
}

function isTopLevel(el: Element): boolean {
  let depth = 0;
  let node = el.parentElement;
  while (node && node.localName !== 'body') {
    if (node.localName === 'article' || node.localName === 'section' || node.localName === 'main')
      return false;
    depth += 1;
    node = node.parentElement;
  }
  return depth <= 4;
}

/** Tag plus the first class token without digits: siblings with equal keys are "the same kind". */
export function shapeKey(el: Element): string {
  const cls = el.getAttribute('class');
  if (!cls) return el.localName;
  for (const token of cls.split(/\s+/)) {
    if (token && !/\d/.test(token) && token.length < 60) return `${el.localName}.${token}`;
  }
  return el.localName;
}

/** The heading level of h1–h6, else 0. */
export function headingLevel(el: Element): number {
  const match = /^h([1-6])$/.exec(el.localName);
  return match ? Number(match[1]) : 0;
}
