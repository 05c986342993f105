import { describe, expect, it } from 'vitest';
import { exportFileName, sanitiseFileStem } from '../../../../storage/export/file-name.ts';

describe('exportFileName', () => {
  const day = new Date(2025, 2, 1, 23, 59);

  it.each([
    ['Prospects', 'csv', 'Prospects-2025-03-01.csv'],
    ['Acme: Q3 / hires', 'xlsx', 'Acme- Q3 - hires-2025-03-01.xlsx'],
    ['  ..hidden..  ', 'json', 'hidden-2025-03-01.json'],
    ['CON', 'csv', '_CON-2025-03-01.csv'],
    ['', 'csv', 'lasso-2025-03-01.csv'],
    ['<>:"/\\|?*', 'csv', 'lasso-2025-03-01.csv'],
    ['evil\u202Etxt.exe', 'csv', 'eviltxt.exe-2025-03-01.csv'],
    ['Zoë 🚀 שלום', 'csv', 'Zoë 🚀 שלום-2025-03-01.csv'],
    ['tab\tand\nnewline', 'csv', 'tab-and-newline-2025-03-01.csv'],
  ])('names an export of %j as %s → %j', (list, ext, expected) => {
    expect(exportFileName(list, day, ext)).toBe(expected);
  });

  it('caps a long list name at 100 characters without splitting an emoji', () => {
    const stem = sanitiseFileStem('😀'.repeat(150));

    expect(Array.from(stem)).toHaveLength(100);
    expect(stem).toBe('😀'.repeat(100));
  });
});
