/** Ordering rows by a column the storage index does not serve (anything but savedAt). */
import type { RowRecord } from '../../storage/model.ts';
import type { SortKey } from './lists-store.ts';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A comparator for `key` in `dir`; rows missing the value go last either way, ties keep savedAt order. */
export function compareRows(key: SortKey, dir: 'asc' | 'desc'): (a: RowRecord, b: RowRecord) => number {
  const sign = dir === 'asc' ? 1 : -1;
  if (key === 'savedAt') return (a, b) => sign * (a.savedAt - b.savedAt || (a.id < b.id ? -1 : 1));
  return (a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
    return sign * collator.compare(x, y);
  };
}
