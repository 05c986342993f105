import { collapseWhitespace } from './text.ts';

const PHONE_CHARS = /^\+?[\d\s().\-/]{7,24}$/;

/** A phone number as written: 7 to 15 digits, only phone punctuation, not a date or a year range. */
export function isPhone(text: string): boolean {
  const value = text.trim();
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  // Dates ("2014-02-05", "05/02/2014") and year ranges ("2019 - 2023") are not phone numbers.
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{4}\s*[-–]\s*\d{4}$/.test(value))
    return false;
  return true;
}

/** The number of a `tel:` href, as written there (decoded). */
export function phoneFromTel(href: string): string | undefined {
  if (!/^tel:/i.test(href)) return undefined;
  let value = href.slice(4);
  try {
    value = decodeURIComponent(value);
  } catch {
    // keep it raw
  }
  value = collapseWhitespace(value.split(/[;?]/)[0] ?? '');
  return isPhone(value) ? value : undefined;
}

const LABELLED =
  /(?:^|\b)(?:tel(?:ephone)?|phone|ph|mobile|mob|cell|fon|téléphone|tél|telefon|telefono|teléfono|tlf|fax)\s*\.?\s*(?:\([^)]*\))?\s*[:.]?\s*(\+?[\d\s().\-/]{7,24})/i;

/**
 * A phone number written in a line: the whole line, or the number after a label ("Tel: …").
 * Fax numbers are skipped.
 */
export function findPhone(text: string): string | undefined {
  const value = collapseWhitespace(text);
  if (value.length > 200) return undefined;
  if (isPhone(value)) return value;
  const match = LABELLED.exec(value);
  if (match?.[1] && !/fax/i.test(match[0])) {
    const number = match[1].trim();
    if (isPhone(number)) return number;
  }
  return undefined;
}
