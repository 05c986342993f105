/**
 * Multi-select over the table's ordered rows: a click toggles one row and becomes the anchor; a
 * shift-click selects every row from the anchor to the clicked one (as file managers do).
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** Index of the last plain click, where a shift-click range starts. */
  anchor?: number;
}

export const EMPTY_SELECTION: Selection = { ids: new Set() };

export function toggleRow(selection: Selection, id: string, index: number): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: index };
}

/** Adds the rows between the anchor and `index` (inclusive); `idAt` reads the id of a loaded row. */
export function selectRange(
  selection: Selection,
  index: number,
  idAt: (index: number) => string | undefined,
): Selection {
  const anchor = selection.anchor ?? index;
  const ids = new Set(selection.ids);
  for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
    const id = idAt(i);
    if (id !== undefined) ids.add(id);
  }
  return { ids, anchor };
}

export function selectAll(ids: readonly string[]): Selection {
  return { ids: new Set(ids) };
}
