/**
 * Spreadsheet formula injection (CSV injection): a cell a spreadsheet would read as a formula is
 * neutralised by a leading single quote. Extracted text comes from pages we do not control, so every
 * CSV and XLSX cell goes through `guardCell`; JSON keeps the raw text.
 * See OWASP "CSV Injection" and ARCHITECTURE.md ("The page is hostile").
 */

/** The characters a spreadsheet may start a formula (or a DDE payload) with: = + - @ tab CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet could read this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * The cell text with a single quote in front when it begins with = + - @, tab or carriage return.
 * @example guardCell('=HYPERLINK("http://x")') // `'=HYPERLINK("http://x")`
 * @example guardCell('+44 20 7946 0000') // "'+44 20 7946 0000"
 */
export function guardCell(text: string): string {
  // A char-code switch rather than FORMULA_START: this runs once per exported cell.
  switch (text.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
      return `'${text}`;
    default:
      return text;
  }
}

/**
 * Undoes `guardCell` when reading a file Lasso (or another careful tool) wrote: a single quote followed
 * by a formula start is dropped, so export → import gives back the original text.
 */
export function unguardCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
