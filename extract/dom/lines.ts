import { collapseWhitespace } from '../fields/text.ts';
import { commonAncestor, headingLevel, INLINE_TAGS, isSkipped } from './walk.ts';

/** A run of text with one parent element (a text node, or adjacent ones). */
export interface Part {
  text: string;
  /** The text's parent element. */
  readonly el: Element;
  /** The innermost `<a href>` around it, if any (inside the roots the lines were read from, or one of them). */
  readonly link: Element | null;
}

/** A line of text as a reader sees it: broken at block elements and `<br>`. */
export interface Line {
  readonly text: string;
  readonly parts: Part[];
  /** The lowest element holding the whole line. */
  readonly el: Element;
  /** 1–6 when the line sits in a heading, else 0. */
  readonly heading: number;
  /** True when the whole line is bold/strong. */
  readonly strong: boolean;
}

// Lines are read for a whole page, but only a few are looked at closely: the headings and emphasis
// around them are computed on first use.
class LazyLine implements Line {
  #heading: number | undefined;
  #strong: boolean | undefined;
  fragments: Fragment[] | undefined;
  constructor(
    readonly text: string,
    readonly parts: Part[],
    readonly el: Element,
    private readonly roots: readonly Element[],
  ) {}
  get heading(): number {
    if (this.#heading === undefined) this.#heading = headingOf(this.el, this.roots);
    return this.#heading;
  }
  get strong(): boolean {
    if (this.#strong === undefined) this.#strong = isStrong(this.el, this.roots);
    return this.#strong;
  }
}

/** A piece of a line between separators or links (see fragmentsOf). */
export interface Fragment {
  text: string;
  link: Element | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const MAX_TEXT_NODE_CHARS = 2000;
const MAX_PARTS_PER_LINE = 200;

interface Pending {
  raw: string;
  el: Element;
  link: Element | null;
}

/** The lines inside an element: `lines.slice(start, end)`. */
export interface LineRange {
  start: number;
  end: number;
}

export interface LineOptions {
  /** Stop after this many lines (hostile pages). */
  maxLines?: number;
  /** Stop after visiting this many nodes. */
  maxNodes?: number;
  /**
   * Filled with the lines each block element holds (a line never spans a block boundary, so they
   * are one run): a caller reading a whole page can then hand any card its lines without a re-read.
   */
  ranges?: Map<Element, LineRange>;
}

/**
 * The lines of text under `roots`, in document order. Skips scripts, styles, hidden markup and
 * form controls; each root starts and ends a line.
 */
export function collectLines(roots: readonly Element[], options: LineOptions = {}): Line[] {
  const maxLines = options.maxLines ?? 400;
  const maxNodes = options.maxNodes ?? 50_000;
  const ranges = options.ranges;
  const lines: Line[] = [];
  let pending: Pending[] = [];
  let visited = 0;
  const flush = () => {
    if (pending.length > 0) {
      const line = buildLine(pending, roots);
      if (line) lines.push(line);
      pending = [];
    }
  };
  const close = (el: Element, start: number) => {
    flush();
    if (ranges && lines.length > start) ranges.set(el, { start, end: lines.length });
  };
  for (const root of roots) {
    flush();
    if (isSkipped(root)) continue;
    // The block elements entered and not yet left, and the index of each one's first line.
    const open: Element[] = [];
    const starts: number[] = [];
    // The `<a href>` elements entered and not yet left: the innermost is the link around a text.
    const links: Element[] = [];
    // Walked by sibling and parent pointers: no stack of every node, and a block is left (its
    // line ended) on the way back up.
    let node: Node | null = root;
    while (node && visited < maxNodes && lines.length < maxLines) {
      visited += 1;
      let enter = false;
      const type = node.nodeType;
      if (type === TEXT_NODE) {
        const data = (node as Text).data;
        const parent = node.parentElement;
        // A "line" of 100k inline elements is no name, title or company: keep its start only.
        if (parent && data && pending.length < MAX_PARTS_PER_LINE) {
          pending.push({
            raw: data.length > MAX_TEXT_NODE_CHARS ? data.slice(0, MAX_TEXT_NODE_CHARS) : data,
            el: parent,
            link: links[links.length - 1] ?? null,
          });
        }
      } else if (type === ELEMENT_NODE && (node === root || !isSkipped(node as Element))) {
        const el = node as Element;
        const tag = el.localName;
        if (tag === 'br' || tag === 'hr') {
          flush();
        } else {
          if (!INLINE_TAGS.has(tag)) {
            flush();
            open.push(el);
            starts.push(lines.length);
          } else if (tag === 'a' && el.hasAttribute('href')) {
            links.push(el);
          }
          enter = true;
        }
      }
      let next: Node | null = enter ? node.firstChild : null;
      for (let up: Node | null = node; !next && up; ) {
        if (open[open.length - 1] === up) close(open.pop() as Element, starts.pop() as number);
        else if (links[links.length - 1] === up) links.pop();
        if (up === root) break;
        next = up.nextSibling;
        if (!next) up = up.parentNode;
      }
      node = next;
    }
    flush();
  }
  return lines;
}

function buildLine(pending: Pending[], roots: readonly Element[]): Line | null {
  const only = pending.length === 1 ? pending[0] : undefined;
  const text = collapseWhitespace(only ? only.raw : pending.map((p) => p.raw).join(''));
  if (!text) return null;
  // Most lines are one text node: its text is the line's, and its parent holds the line.
  if (only) return new LazyLine(text, [{ text, el: only.el, link: only.link }], only.el, roots);
  const raw: Pending[] = [];
  for (const item of pending) {
    const last = raw[raw.length - 1];
    if (last && last.el === item.el) last.raw += item.raw;
    else raw.push({ ...item });
  }
  const kept: Part[] = [];
  for (const part of raw) {
    const partText = collapseWhitespace(part.raw);
    if (partText) kept.push({ text: partText, el: part.el, link: part.link });
  }
  const first = kept[0];
  if (!first) return null;
  let el = first.el;
  for (const part of kept) if (!el.contains(part.el)) el = commonAncestor(el, part.el);
  return new LazyLine(text, kept, el, roots);
}

function headingOf(el: Element, roots: readonly Element[]): number {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 6; depth += 1) {
    const level = headingLevel(node);
    if (level) return level;
    if (roots.includes(node)) break;
    node = node.parentElement;
  }
  return 0;
}

function isStrong(el: Element, roots: readonly Element[]): boolean {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth += 1) {
    if (node.localName === 'b' || node.localName === 'strong') return true;
    if (roots.includes(node)) break;
    node = node.parentElement;
  }
  return false;
}

const SEPARATOR_EDGE = /^[\s•·|/,;–—-]*[•·|/,;–—]|[•·|/,;–—][\s•·|/,;–—-]*$/;

/**
 * The fragments of a line: its parts, joined again except where a link starts or ends or a
 * separator (•, |, /, comma…) stands between them ("Head TA • jane@" → "Head TA", "jane@").
 */
export function fragmentsOf(line: Line): Fragment[] {
  if (line instanceof LazyLine && line.fragments) return line.fragments;
  const out: Array<Fragment & { el: Element }> = [];
  for (const part of line.parts) {
    const last = out[out.length - 1];
    const hard =
      !last ||
      last.link !== part.link ||
      // Sibling elements ("<span>Jane Doe</span><span>Acme</span>") are separate fields;
      // "Jane <b>Doe</b>" is one.
      (last.el !== part.el && !last.el.contains(part.el) && !part.el.contains(last.el)) ||
      SEPARATOR_EDGE.test(last.text.slice(-3)) ||
      SEPARATOR_EDGE.test(part.text.slice(0, 3));
    if (hard) out.push({ text: part.text, link: part.link, el: part.el });
    else if (last) last.text = `${last.text} ${part.text}`;
  }
  const fragments = out.map(({ text, link }) => ({ text, link }));
  if (line instanceof LazyLine) line.fragments = fragments;
  return fragments;
}
