import { memoize } from './memo.ts';
import { collapseWhitespace } from './text.ts';

const EMAIL = /^[a-z0-9._%+'-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}$/i;
const EMAIL_IN_TEXT = /[a-z0-9._%+'-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\b/gi;
// Placeholders shown as examples, not a person's address.
const PLACEHOLDER =
  /^(?:x+|name|email|user(?:name)?|your(?:name|email)?|firstname\.?lastname|first\.last|john\.?doe|jane\.?doe)@|@(?:example|domain|email|yourdomain)\.(?:com|org|net)$/i;

/** A complete, plausible e-mail address (not a placeholder like `xxxxx@…` or `name@example.com`). */
export function isEmail(text: string): boolean {
  return EMAIL.test(text) && !PLACEHOLDER.test(text);
}

/** The address of a `mailto:` href (first recipient, no query), or undefined. */
export function emailFromMailto(href: string): string | undefined {
  return mailtoAddresses(href);
}

const mailtoAddresses = memoize((href): string | undefined => {
  if (!/^mailto:/i.test(href)) return undefined;
  let value = href.slice(7).split('?')[0] ?? '';
  try {
    value = decodeURIComponent(value);
  } catch {
    // keep it raw
  }
  const first = (value.split(/[,;]/)[0] ?? '').trim();
  const deobfuscated = deobfuscate(first);
  return isEmail(deobfuscated) ? deobfuscated.toLowerCase() : undefined;
});

/**
 * Rewrites the usual obfuscations to a plain address: "jane [at] example [dot] org",
 * "jane(at)example.org", "jane AT example DOT org", "jane at example dot org" (only when the result
 * is a valid address), "jane@example.org" with HTML entities already decoded by the parser.
 */
export function deobfuscate(text: string): string {
  return collapseWhitespace(text)
    .replace(/\s*[[({<]\s*(?:at|@|arroba|chez)\s*[\])}>]\s*/gi, '@')
    .replace(/\s*[[({<]\s*(?:dot|punkt|point|\.)\s*[\])}>]\s*/gi, '.')
    .replace(/\s+(?:AT|At)\s+/g, '@')
    .replace(/\s+(?:DOT|Dot)\s+/g, '.')
    .replace(
      /([a-z0-9._%+-])\s+at\s+([a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)+)\b/gi,
      (_m, user: string, rest: string) => `${user}@${rest.replace(/\s+dot\s+/gi, '.')}`,
    )
    .replace(/\s*@\s*/g, '@');
}

/** The first e-mail address written in a text, plain or obfuscated. */
export function findEmail(text: string): string | undefined {
  if (text.length > 2000) return undefined;
  for (const candidate of [text, deobfuscate(text)]) {
    EMAIL_IN_TEXT.lastIndex = 0;
    for (const match of candidate.matchAll(EMAIL_IN_TEXT)) {
      const value = match[0].replace(/^[.'-]+|[.'-]+$/g, '');
      if (isEmail(value)) return value.toLowerCase();
    }
  }
  return undefined;
}
