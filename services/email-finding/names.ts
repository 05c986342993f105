/**
 * A person's name as the local part of an email address is built from it: folded to ASCII lower case,
 * titles and suffixes dropped, middle names set aside, particles ("van der", "de") kept with the last
 * name. Pure.
 */

export interface NameParts {
  /** Forms of the first name, most likely first: "jean-pierre" → ["jeanpierre", "jean-pierre"]. */
  first: string[];
  /** Forms of the last name, most likely first: "van der Berg" → ["vanderberg", "berg"]. */
  last: string[];
}

const TITLES = new Set(['dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'mx', 'miss', 'sir', 'dame', 'rev']);
const SUFFIXES = new Set([
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'phd',
  'md',
  'mba',
  'msc',
  'bsc',
  'esq',
  'cpa',
  'dds',
]);
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'das',
  'dos',
  'du',
  'la',
  'le',
  'ter',
  'ten',
  'st',
  'bin',
  'ibn',
  'al',
  'el',
]);

// Letters that Unicode decomposition does not reduce to ASCII.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** "Zoë Ølund-Łukasz" → "zoe olund-lukasz": lower case, accents removed, special letters spelt out. */
export function foldToAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđðþı]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter);
}

/** A name token as it may appear in a local part: letters, inner hyphens; apostrophes and dots gone. */
function cleanToken(token: string): string {
  return token.replace(/[’'.]/g, '').replace(/^-+|-+$/g, '');
}

function forms(token: string): string[] {
  const joined = token.replace(/-/g, '');
  return token.includes('-') ? [joined, token] : [joined];
}

/**
 * The parts of `fullName` to build addresses from, or undefined when it has no first and last name in
 * Latin letters (a single name, or a script that addresses are not spelt in).
 * @example splitName('Dr. Jan van der Berg PhD') // { first: ['jan'], last: ['vanderberg', 'berg'] }
 */
export function splitName(fullName: string): NameParts | undefined {
  let text = fullName.replace(/\([^)]*\)|"[^"]*"|“[^”]*”/g, ' ');
  // "Berg, Jan" → "Jan Berg" (but not "Jan Berg, PhD": a suffix after the comma is dropped below).
  const comma = text.split(',');
  if (comma.length === 2 && !SUFFIXES.has(cleanToken(foldToAscii(comma[1]!.trim())))) {
    text = `${comma[1]} ${comma[0]}`;
  } else {
    text = comma[0]!;
  }
  const tokens = foldToAscii(text)
    .split(/\s+/)
    .map(cleanToken)
    .filter((token) => token !== '' && !TITLES.has(token) && !SUFFIXES.has(token));
  if (tokens.length < 2 || tokens.some((token) => !/^[a-z]+(-[a-z]+)*$/.test(token))) return undefined;

  const first = tokens[0]!;
  // The last name starts at the first particle after the first name, else it is the last token.
  let start = tokens.findIndex(
    (token, index) => index > 0 && index < tokens.length - 1 && PARTICLES.has(token),
  );
  if (start === -1) start = tokens.length - 1;
  const lastTokens = tokens.slice(start);
  const core = lastTokens.filter((token) => !PARTICLES.has(token));
  const last = forms(lastTokens.join(''));
  if (core.length > 0 && core.length < lastTokens.length) last.push(...forms(core.join('')));
  return { first: forms(first), last: [...new Set(last)] };
}
