import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkIndex, editEntries, packStrings, unpackStrings } from '../../../storage/chunked.ts';
import type { RowRecord } from '../../../storage/model.ts';
import { row } from './test-db.ts';

describe('packed strings', () => {
  it('give back every string as it went in, empty ones, emoji, RTL and line breaks included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30, unit: 'grapheme' }), { maxLength: 50 }), (strings) => {
        const packed = structuredClone(packStrings(strings));

        expect(unpackStrings(packed.text, packed.ends)).toEqual(strings);
      }),
    );
  });
});

describe('chunkIndex', () => {
  it('puts every id in one of the list’s chunks, the same one every time', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        (id, chunks) => {
          const chunk = chunkIndex(id, chunks);

          expect(Number.isInteger(chunk) && chunk >= 0 && chunk < chunks).toBe(true);
          expect(chunkIndex(id, chunks)).toBe(chunk);
        },
      ),
    );
  });
});

describe('editEntries', () => {
  it('edits one entry, adds another and removes a third, leaving the rest as they were', () => {
    const format = { entryOf: (id: string, r: RowRecord) => ({ id, title: r.title ?? '' }) };
    const current = [
      { id: 'a', title: 'ada' },
      { id: 'b', title: 'bob' },
      { id: 'c', title: 'cy' },
    ];

    const next = editEntries(
      format,
      current,
      new Map([
        ['b', row({ name: 'B', title: 'bobby' })],
        ['c', null],
        ['d', row({ name: 'D', title: 'dee' })],
      ]),
    );

    expect(next).toEqual([
      { id: 'a', title: 'ada' },
      { id: 'b', title: 'bobby' },
      { id: 'd', title: 'dee' },
    ]);
  });
});
