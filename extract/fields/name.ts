import {
  COMMON_WORDS,
  HONORIFICS,
  MONTHS,
  NAME_PARTICLES,
  ORG_WORDS,
  STRONG_ROLE_WORDS,
  UI_LABELS,
} from './lexicon.ts';
import { memoize } from './memo.ts';
import { collapseWhitespace, foldText, trimPunctuation } from './text.ts';

/** Longest text accepted as a person's name. */
export const MAX_NAME_CHARS = 80;

const PRONOUNS =
  /\s*[([]\s*(?:he|she|they|ze|xe|him|her|them|his|hers|theirs|il|elle|iel|er|sie)(?:\s*\/\s*(?:he|she|they|ze|xe|him|her|them|his|hers|theirs|il|elle|iel|lui|er|sie|ihr))+\s*[)\]]\s*/gi;
const ALT_PREFIX =
  /^(?:(?:a\s+)?(?:photo|picture|portrait|image|headshot|avatar|profile (?:photo|picture|image)|foto|bild|zdjęcie|obrazek)\s+(?:of|de|von|du|użytkownika)\s+)/i;
const ALT_SUFFIX =
  /(?:\s*[-–—|,:]\s*|\s+)(?:photo|picture|portrait|headshot|avatar|image|profile (?:photo|picture))$/i;

/**
 * A displayed name made ready to return: whitespace collapsed, pronoun notes ("(She/Her)") and
 * trailing separators removed. Honorifics and degrees are kept, as shown.
 */
export function cleanName(raw: string): string {
  let text = collapseWhitespace(raw.length > MAX_NAME_CHARS * 4 ? raw.slice(0, MAX_NAME_CHARS * 4) : raw);
  if (text.length > MAX_NAME_CHARS * 3) return '';
  if (text.includes('(') || text.includes('[')) {
    text = collapseWhitespace(text.replace(PRONOUNS, ' ').replace(/\s*[([]\s*[)\]]\s*/g, ' '));
  }
  text = trimPunctuation(text);
  // "Jane Doe -" / "Jane Doe:" leftovers, and a closing bracket lost by trimPunctuation
  if ((text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0)) text = `${text})`;
  return text;
}

/** The name an image's alt text gives ("Photo of Jane Doe" → "Jane Doe"), or ''. */
export function nameFromAlt(alt: string): string {
  return altNames(alt);
}

const altNames = memoize((alt) => {
  const text = collapseWhitespace(alt);
  if (!text || text.length > 100) return '';
  return cleanName(text.replace(ALT_PREFIX, '').replace(ALT_SUFFIX, ''));
});

/** A key under which two spellings of one person's name are equal (dedup, matching a photo's alt). */
export function nameKey(name: string): string {
  return keyOf(name);
}

function computeNameKey(name: string): string {
  let text = cleanName(name).replace(/\s*[([][^()[\]]*[)\]]\s*$/g, ' ');
  const comma = text.indexOf(',');
  if (comma > 0 && text.slice(0, comma).trim().includes(' ')) text = text.slice(0, comma);
  const words = foldText(text).split(' ');
  while (words.length > 1 && HONORIFICS.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

interface Token {
  raw: string;
  folded: string;
}

function tokenize(text: string): Token[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => ({ raw, folded: foldText(raw) }));
}

const BYLINE = /^(?:by|par|door|przez|por|di|von:)$/i;
const HAS_CASED = /[A-Za-zÀ-ɏͰ-ϿЀ-ӿ]/;
const FORBIDDEN = /[0-9@#$%^*+=<>{}[\]\\|/?!;:"“”«»…_~•·©®™]|https?:|www\./i;

/** Splits off degree / note suffixes after a comma ("Jane Doe, PhD") and trailing parentheses. */
function coreOfName(name: string): { core: string; inner: string } {
  let core = name;
  let inner = '';
  const paren = /\s*\(([^()]*)\)\s*$/.exec(core);
  if (paren) {
    inner = paren[1] ?? '';
    core = core.slice(0, paren.index);
  }
  const comma = core.indexOf(',');
  if (comma > 0) core = core.slice(0, comma);
  return { core: core.trim(), inner: inner.trim() };
}

const POSTNOMINAL =
  /^(?:ph\.?\s?d|md|mph|msc|m\.?\s?sc|ms|m\.?\s?s|ma|m\.?\s?a|mba|bsc|b\.?\s?sc|ba|b\.?\s?a|jd|dphil|mfa|frs|feng|facp|faia|pe|cpa|rn|esq|jr|sr|ii|iii|iv)\.?$/i;
const NAME_SEPARATOR = /\s+[–—|·•/]\s+|\s+-\s+|:\s+|,\s+|\s+\(/;

/**
 * "Jane Doe, Stanford University" → name "Jane Doe", rest "Stanford University"; undefined when the
 * text has no separator after a name, or only degrees follow ("Jane Doe, PhD" is all name).
 */
export function splitName(text: string): { name: string; rest: string } | undefined {
  const match = NAME_SEPARATOR.exec(text);
  if (!match || match.index === 0) return undefined;
  const name = text.slice(0, match.index).trim();
  let rest = text.slice(match.index + match[0].length).trim();
  if (match[0].includes('(')) rest = rest.replace(/\)\s*$/, '').trim();
  if (!rest || nameScore(name) === 0) return undefined;
  if (match[0].includes(',') && rest.split(/\s*,\s*/).every((part) => POSTNOMINAL.test(part)))
    return undefined;
  if (match[0].includes('(') && /^(?:he|she|they|ze|xe|il|elle|iel|er|sie)\b/i.test(rest)) return undefined;
  return { name, rest };
}

export interface NameOptions {
  /** One-word names ("Madonna") pass: for structured data, where the page says it is a person. */
  allowSingleWord?: boolean;
  /**
   * Other evidence says this is a name (the photo's alt, the page title, the position of names in
   * the list): a surname that is also a common word ("Grace Young", "Mark Price") passes.
   */
  lenient?: boolean;
}

/**
 * How much `text` looks like a person's name, 0 (not a name) to 1. Rejects interface labels,
 * organisations, dates, roles, sentences and anything with digits, URLs or markup characters.
 */
export function nameScore(text: string, options: NameOptions = {}): number {
  // Cheap rejections first: most lines of a page are far too long or short to be a name.
  if (text.length < 2 || text.length > MAX_NAME_CHARS * 2) return 0;
  const scoreOf = SCORES[(options.allowSingleWord ? 2 : 0) + (options.lenient ? 1 : 0)] as (
    t: string,
  ) => number;
  return scoreOf(text);
}

// Pure functions of their text, asked again and again for the same strings: cached, bounded. One
// cache per combination of options, so a lookup hashes the page's own string (V8 keeps its hash)
// rather than a fresh "options + text" key.
const SCORES = [0, 1, 2, 3].map((flags) =>
  memoize((text) => computeNameScore(text, { allowSingleWord: flags >= 2, lenient: flags % 2 === 1 })),
);
const keyOf = memoize(computeNameKey);

function computeNameScore(text: string, options: NameOptions): number {
  const name = cleanName(text);
  if (name.length < 2 || name.length > MAX_NAME_CHARS) return 0;
  const { core, inner } = coreOfName(name);
  const base = scoreCore(core, options);
  // "gnidan (Nick D'Andrea)": a handle with the real name in parentheses.
  if (base === 0 && inner) return scoreCore(inner, options) * 0.9;
  return base;
}

function scoreCore(core: string, options: NameOptions): number {
  if (!core || FORBIDDEN.test(core)) return 0;
  const folded = foldText(core);
  if (!folded || UI_LABELS.has(folded)) return 0;
  let tokens = tokenize(core);
  // "By Jane Doe": a byline crediting an author, not a profile.
  if (tokens.length > 1 && BYLINE.test(tokens[0]?.raw ?? '')) return 0;
  while (tokens.length > 1 && HONORIFICS.has((tokens[0]?.raw ?? '').toLowerCase())) tokens = tokens.slice(1);
  if (tokens.length === 0 || tokens.length > 6) return 0;
  const cased = HAS_CASED.test(core);
  let score = 1;
  let common = 0;
  let initials = 0;
  let real = 0;
  for (const [i, token] of tokens.entries()) {
    const word = token.folded;
    if (!word) return 0;
    if (ORG_WORDS.has(word) && word !== 'co' && word !== 'ag' && word !== 'sa') return 0;
    if (MONTHS.has(word) && tokens.length <= 2 && i > 0) score -= 0.3;
    if (cased && !isNameShaped(token.raw, i)) return 0;
    if (/^\p{Lu}\.?$/u.test(token.raw) || /^(?:\p{Lu}\.){2,3}$/u.test(token.raw)) {
      initials += 1;
      continue;
    }
    if (NAME_PARTICLES.has(word) && i > 0) continue;
    real += 1;
    if (isCommonWord(word)) {
      common += 1;
    }
  }
  const words = real + initials;
  if (words === 1 && !options.allowSingleWord) return 0;
  if (real === 0) score -= 0.45;
  if (common > 0 && (options.lenient ? common >= real : common * 2 >= real)) return 0;
  score -= common * (options.lenient ? 0.2 : 0.3);
  if (words === 1) score -= 0.3;
  if (words >= 4) score -= 0.1 * (words - 3);
  if (cased && core === core.toUpperCase() && core.length > 4) score -= 0.25;
  return Math.max(0, Math.min(1, score));
}

// Role words that are also given names or surnames ("Dean Janssen", "Marshall Chancellor").
const NAME_LIKE_ROLES = new Set([
  'dean',
  'chancellor',
  'marshal',
  'marshall',
  'bishop',
  'deacon',
  'major',
  'principal',
]);

function isCommonWord(word: string): boolean {
  if (COMMON_WORDS.has(word)) return true;
  if (word.length >= 5 && word.endsWith('s') && COMMON_WORDS.has(word.slice(0, -1))) return true;
  return STRONG_ROLE_WORDS.has(word) && !NAME_LIKE_ROLES.has(word);
}

/** A word of a name: capitalised ("Jane", "O'Neil", "Aden-Ali", "McDonald"), an initial, or a particle. */
function isNameShaped(raw: string, index: number): boolean {
  const word = raw.replace(/[.,]+$/, '');
  if (!word) return false;
  if (index > 0 && NAME_PARTICLES.has(word.toLowerCase())) return true;
  if (/^(?:d'|l'|d’|l’)\p{Lu}/u.test(word)) return true;
  // Each hyphen/apostrophe part starts with an upper-case letter or is a short lower-case particle.
  const parts = word.split(/[-'’]/).filter(Boolean);
  if (parts.length === 0) return false;
  for (const [i, part] of parts.entries()) {
    const first = part[0] ?? '';
    if (first === first.toUpperCase() && first !== first.toLowerCase()) continue;
    if (i > 0 && part.length <= 3) continue; // "Ben-ami", "O'neil" typed carelessly
    if (first === first.toLowerCase() && first === first.toUpperCase()) continue; // uncased script
    return false;
  }
  return true;
}
