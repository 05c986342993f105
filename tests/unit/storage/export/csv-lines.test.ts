/**
 * A CSV line per row (csv.ts csvLineWriter): papaparse quotes the cells that need it and the rest are
 * written as they are, so every line must be exactly what papaparse writes for the row's guarded cells.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellText, exportColumns } from '../../../../storage/export/columns.ts';
import { csvHeader, csvLineWriter, csvText } from '../../../../storage/export/csv.ts';
import { guardCell } from '../../../../storage/export/formula-guard.ts';
import { row } from '../test-db.ts';

/** Text made of what CSV and the formula guard treat specially, and of ordinary letters. */
const awkwardText = fc.string({
  unit: fc.constantFrom(
    ',',
    '"',
    '\r',
    '\n',
    ' ',
    '\t',
    '\ufeff',
    '=',
    '+',
    '-',
    '@',
    "'",
    'a',
    'é',
    '😀',
    'ש',
  ),
  maxLength: 12,
});

const COLUMNS = exportColumns({
  visible: ['name', 'title', 'company', 'note', 'tags', 'linkedin', 'savedAt'],
  headerLabels: { note: ' =Notes, "mine" ' },
});
const UNPARSE = { newline: '\r\n' } as const;

describe('CSV lines', () => {
  it('are the lines papaparse writes for the same guarded cells', () => {
    const line = csvLineWriter(COLUMNS);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: awkwardText,
            title: awkwardText,
            company: awkwardText,
            note: awkwardText,
            tags: fc.array(awkwardText, { maxLength: 3 }),
            linkedin: awkwardText,
          }),
          { maxLength: 20 },
        ),
        (fields) => {
          const rows = fields.map(({ linkedin, ...f }, i) => row({ ...f, links: { linkedin } }, i));
          const cells = rows.map((r) => COLUMNS.map((c) => guardCell(cellText(r, c))));

          expect(rows.map(line)).toEqual(cells.map((c) => Papa.unparse([c], UNPARSE)));
        },
      ),
    );
  });

  it('make the file papaparse writes, header first, after a byte-order mark', () => {
    const rows = [
      row({ name: 'Smith, John', note: '+1' }, 0),
      row({ name: ' padded ', note: 'line\nbreak' }, 1),
    ];
    const header = COLUMNS.map((c) => guardCell(c.header));
    const cells = rows.map((r) => COLUMNS.map((c) => guardCell(cellText(r, c))));

    const text = csvText(csvHeader(COLUMNS), rows.map(csvLineWriter(COLUMNS)));

    expect(text).toBe(`\ufeff${Papa.unparse({ fields: header, data: cells }, UNPARSE)}`);
    expect(csvText(csvHeader(COLUMNS), [], false)).toBe(Papa.unparse([header], UNPARSE));
  });
});
