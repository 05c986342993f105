import { describe, expect, it } from 'vitest';
import { compareRows } from '../../../../components/lists/sort-rows.ts';
import type { RowRecord } from '../../../../storage/model.ts';

const row = (id: string, savedAt: number, fields: Partial<RowRecord>): RowRecord => ({
  id,
  listId: 'list_a',
  name: id,
  tags: [],
  note: '',
  savedAt,
  updatedAt: savedAt,
  searchText: '',
  ...fields,
});

describe('compareRows', () => {
  const rows = [
    row('r1', 1, { company: 'beta' }),
    row('r2', 2, {}),
    row('r3', 3, { company: 'Álpha' }),
    row('r4', 4, { company: 'item 10' }),
    row('r5', 5, { company: 'item 9' }),
  ];

  it('sorts text ignoring case and accents, numbers in numeric order, empty values last', () => {
    const ids = [...rows].sort(compareRows('company', 'asc')).map((r) => r.id);

    expect(ids).toEqual(['r3', 'r1', 'r5', 'r4', 'r2']);
  });

  it('keeps empty values last when descending', () => {
    const ids = [...rows].sort(compareRows('company', 'desc')).map((r) => r.id);

    expect(ids).toEqual(['r4', 'r5', 'r1', 'r3', 'r2']);
  });

  it('sorts by savedAt newest first', () => {
    expect([...rows].sort(compareRows('savedAt', 'desc')).map((r) => r.id)).toEqual([
      'r5',
      'r4',
      'r3',
      'r2',
      'r1',
    ]);
  });
});
