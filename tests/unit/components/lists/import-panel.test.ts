import { describe, expect, it } from 'vitest';
import { importReport } from '../../../../components/lists/import-panel.tsx';

describe('importReport', () => {
  it('says how many rows were imported and names each skipped row with its reason', () => {
    const text = importReport({
      ok: true,
      added: 2,
      merged: 0,
      rejected: [{ row: 4, reason: 'no name' }],
      ignoredColumns: [],
    });

    expect(text).toBe('Imported 2, 1 rows skipped: row 4: no name.');
  });

  it('passes a refusal on in words', () => {
    const text = importReport({ ok: false, code: 'no_name_column', detail: 'The file has no Name column.' });

    expect(text).toBe('The file has no Name column.');
  });

  it('reports a full disk as nothing imported', () => {
    expect(importReport({ ok: false, code: 'quota_exceeded' })).toMatch(
      /out of storage space: nothing was imported/,
    );
  });
});
