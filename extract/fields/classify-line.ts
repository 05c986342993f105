import { findEmail, isEmail } from './email.ts';
import { COUNTRIES, ORG_WORDS, STRONG_ROLE_WORDS, UI_LABELS, WEAK_ROLE_WORDS } from './lexicon.ts';
import { memoize } from './memo.ts';
import { findPhone } from './phone.ts';
import { foldText, trimPunctuation, wordCount } from './text.ts';

/** What a short line of a profile says, judged by its wording alone. */
export type LineKind =
  | 'email'
  | 'phone'
  | 'handle'
  | 'url'
  | 'label'
  | 'bio'
  | 'role'
  | 'weak-role'
  | 'org'
  | 'location'
  | 'other';

/** Longest line read as a title, company or location; longer ones are bios. */
export const MAX_FIELD_LINE_WORDS = 14;

const DOMAIN = /^(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}(?:\/\S*)?$/i;
const HANDLE = /^@[\w.-]{1,40}$|^[\w.+-]+@$|^@?[\w.+-]+@(?:\s|$)/;
const SENTENCE_START =
  /^(?:hi|hello|hey|bonjour|hallo|hola|i|i'm|i’m|i am|my|we|our|this|he|she|they|his|her|their)\b/i;

function words(text: string): string[] {
  return foldText(text).split(' ').filter(Boolean);
}

function hasWord(list: string[], lexicon: Set<string>): boolean {
  for (const word of list) {
    if (lexicon.has(word)) return true;
    if (word.length > 4 && word.endsWith('s') && lexicon.has(word.slice(0, -1))) return true;
  }
  return false;
}

/** Hyphenated words count whole and by part ("co-founder", "full-stack"). */
function expand(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const out = words(text);
  for (const match of folded.matchAll(/[a-z]+(?:-[a-z]+)+/g)) out.push(match[0]);
  return out;
}

/** Two weak role words ("Board Member"), or one leading a short line ("Marketing Lead" is strong already). */
function isWeakRole(list: string[]): boolean {
  let count = 0;
  for (const word of list) if (WEAK_ROLE_WORDS.has(word)) count += 1;
  if (count >= 2) return true;
  return count === 1 && WEAK_ROLE_WORDS.has(list[0] ?? '') && list.length <= 3;
}

/** True when a line names a country or reads "City, Country" / "City, ST". */
export function isLocation(text: string): boolean {
  const value = trimPunctuation(text);
  if (!value || value.length > 60) return false;
  const folded = foldText(value);
  if (COUNTRIES.has(folded)) return true;
  const parts = value.split(/\s*,\s*/);
  if (parts.length >= 2 && parts.length <= 3) {
    const last = parts[parts.length - 1] ?? '';
    if (COUNTRIES.has(foldText(last))) return parts.every((p) => /^\p{Lu}/u.test(p));
    if (/^[A-Z]{2}$/.test(last) && parts.slice(0, -1).every((p) => /^\p{Lu}[\p{L} .'-]+$/u.test(p)))
      return true;
  }
  return false;
}

/** Classifies one fragment of a profile's text. */
export function classifyLine(text: string): LineKind {
  return kinds(text);
}

const kinds = memoize(computeKind);

function computeKind(text: string): LineKind {
  const value = trimPunctuation(text);
  if (!value) return 'label';
  const folded = foldText(value);
  if (!folded || UI_LABELS.has(folded)) return 'label';
  if (isEmail(value)) return 'email';
  if (HANDLE.test(value)) return 'handle';
  if (DOMAIN.test(value) && !value.includes(' ')) return 'url';
  if (findPhone(value) === value) return 'phone';
  const count = wordCount(value);
  if (count > MAX_FIELD_LINE_WORDS || value.length > 140) return 'bio';
  if (SENTENCE_START.test(value) && count > 3) return 'bio';
  if (/[.!?]\s+\p{Lu}/u.test(value) && count > 6) return 'bio';
  const list = expand(value);
  const strong = hasWord(list, STRONG_ROLE_WORDS);
  const org = hasWord(list, ORG_WORDS);
  // "Director, Institute for X" is a title; "Institute for Research" an organisation.
  if (strong) return 'role';
  if (isLocation(value)) return 'location';
  if (org) return 'org';
  if (isWeakRole(list)) return 'weak-role';
  if ((value.includes('@') || /\bat\b|\(at\)|\[at\]/i.test(value)) && findEmail(value)) return 'email';
  return 'other';
}

/** "Engineer at Acme" → "Acme"; undefined when the line names no employer that way. */
export function companyAfterAt(title: string): string | undefined {
  const match = /\s(?:at|@|chez|bei|en|w)\s+(\p{Lu}[^,;|]{1,80})$/u.exec(title);
  return match?.[1] ? trimPunctuation(match[1]) : undefined;
}
