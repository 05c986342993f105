import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk } from '../../../storage/search-chunks.ts';

const entry = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
  savedAt: fc.integer({ min: 0, max: 2 ** 45 }),
  searchText: fc.string({ maxLength: 40, unit: 'grapheme' }),
  tags: fc.array(fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }), { maxLength: 3 }),
});

describe('packed search chunks', () => {
  it('give back every entry as it went in: ids and texts with newlines, emoji, RTL and empty texts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 60 }), (entries) => {
        const record = encodeChunk('list_1', 7, entries);

        expect(record).toMatchObject({ listId: 'list_1', chunk: 7 });
        expect(decodeChunk(record)).toEqual(entries.map((e) => ({ ...e, listId: 'list_1' })));
      }),
    );
  });

  it('survive IndexedDB’s structured clone', () => {
    const entries = [
      { id: 'row_a', savedAt: 1, searchText: 'ada\nlovelace\nnote: 😀 line\nbreak', tags: ['vip'] },
      { id: 'row_b', savedAt: 2, searchText: '', tags: [] },
      { id: 'row_c', savedAt: 3, searchText: 'محمد علي', tags: ['a', 'b'] },
    ];

    const cloned = structuredClone(encodeChunk('l', 0, entries));

    expect(decodeChunk(cloned).map(({ listId: _, ...e }) => e)).toEqual(entries);
  });
});
