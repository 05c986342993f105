/** Which rows a fixed-row-height virtual table renders: the visible ones plus an overscan either side. */
export interface VirtualWindow {
  /** First row index rendered (inclusive). */
  start: number;
  /** Last row index rendered (exclusive). */
  end: number;
  /** Offset in px of the first rendered row from the top of the scroll content. */
  offsetPx: number;
  /** Height in px of the whole scroll content, so the scrollbar reflects every row. */
  totalPx: number;
}

export function virtualWindow(
  scrollTopPx: number,
  viewportPx: number,
  rowPx: number,
  total: number,
  overscan: number,
): VirtualWindow {
  const first = Math.max(0, Math.floor(Math.max(0, scrollTopPx) / rowPx));
  const visible = Math.ceil(Math.max(0, viewportPx) / rowPx) + 1;
  const start = Math.min(total, Math.max(0, first - overscan));
  const end = Math.min(total, first + visible + overscan);
  return { start, end, offsetPx: start * rowPx, totalPx: total * rowPx };
}
