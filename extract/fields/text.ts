/** Caps: every string the engine returns is at most this long. */
export const MAX_FIELD_CHARS = 300;
export const MAX_URL_CHARS = 2000;

// Control characters, zero-width characters and bidi overrides: invisible, and a way to spoof text.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const SPACES = /[\s\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** Removes invisible characters and collapses runs of whitespace to one space, trimmed. */
export function collapseWhitespace(raw: string): string {
  // Most strings are already clean: test before rewriting (this runs for every text on a page).
  let text = raw;
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(text)) {
    INVISIBLE.lastIndex = 0;
    text = text.replace(INVISIBLE, '');
  }
  return NEEDS_SPACE_FIX.test(text) ? text.replace(SPACES, ' ').trim() : text;
}

// Any whitespace but a plain space, two spaces in a row, or a space at either end.
const NEEDS_SPACE_FIX = /[^\S ]| {2}|^ | $/;

/**
 * A field value as returned to callers: whitespace-collapsed and cut to `max` characters (at a
 * character boundary, never inside a surrogate pair).
 */
export function cleanText(raw: string, max = MAX_FIELD_CHARS): string {
  // Cut before collapsing too, so a 10 MB text node costs no more than its first few KB.
  const text = collapseWhitespace(raw.length > max * 4 ? raw.slice(0, max * 4) : raw);
  if (text.length <= max) return text;
  const cut = Array.from(text).slice(0, max).join('');
  return cut.trim();
}

const EDGE_PUNCTUATION = /^[\s.,;·|•\-–—/\\*~_>»«"“”‘()[\]]+|[\s,;:·|•\-–—/\\*~_<»«"“”‘(]+$/g;

/** Strips separators and bullets around a line fragment ("• Head TA •" → "Head TA"). */
export function trimPunctuation(text: string): string {
  return text.replace(EDGE_PUNCTUATION, '').trim();
}

/** Lower-case, diacritics removed, punctuation as spaces: a key for comparing short texts. */
export function foldText(text: string): string {
  // NFKD is the costly step, and ASCII text does not need it.
  const plain = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return plain
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Number of words (runs of letters or digits). */
export function wordCount(text: string): number {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
  return words ? words.length : 0;
}
