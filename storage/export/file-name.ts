/**
 * Download file names: `<list>-<yyyy-mm-dd>.<ext>`, safe on Windows, macOS and Linux.
 */

const MAX_STEM_CHARS = 100;
/** Characters no file system accepts (or that mean a path), and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]+/g;
/** Bidirectional and zero-width controls: "\u202Egpj.exe" would display as "exe.jpg". */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** The local calendar date as yyyy-mm-dd. */
export function isoDate(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A list name made safe as the stem of a file name ('lasso' when nothing usable is left). */
export function sanitiseFileStem(name: string): string {
  let stem = name
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '-')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  stem = Array.from(stem)
    .slice(0, MAX_STEM_CHARS)
    .join('')
    .replace(/[\s.-]+$/g, '');
  if (stem === '') return 'lasso';
  return WINDOWS_RESERVED.test(stem) ? `_${stem}` : stem;
}

/**
 * The file name of an export.
 * @example exportFileName('Acme: Q3 / hires', new Date(2025, 2, 1), 'csv') // 'Acme- Q3 - hires-2025-03-01.csv'
 */
export function exportFileName(listName: string, date: Date, ext: string): string {
  const cleanExt = ext.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'txt';
  return `${sanitiseFileStem(listName)}-${isoDate(date)}.${cleanExt}`;
}
