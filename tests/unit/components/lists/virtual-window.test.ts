import { describe, expect, it } from 'vitest';
import { virtualWindow } from '../../../../components/lists/virtual-window.ts';

describe('virtualWindow', () => {
  it('renders the visible rows plus the overscan below at the top of the list', () => {
    const win = virtualWindow(0, 360, 36, 100_000, 10);

    expect(win).toEqual({ start: 0, end: 21, offsetPx: 0, totalPx: 3_600_000 });
  });

  it('renders only a window in the middle of 100k rows, with overscan both sides', () => {
    const win = virtualWindow(36 * 50_000, 360, 36, 100_000, 10);

    expect(win.start).toBe(49_990);
    expect(win.end).toBe(50_021);
    expect(win.offsetPx).toBe(49_990 * 36);
  });

  it('stops at the last row when scrolled to the bottom', () => {
    const win = virtualWindow(36 * 95, 360, 36, 100, 10);

    expect(win.end).toBe(100);
    expect(win.start).toBe(85);
  });

  it('renders nothing for an empty list', () => {
    expect(virtualWindow(0, 500, 36, 0, 10)).toEqual({ start: 0, end: 0, offsetPx: 0, totalPx: 0 });
  });

  it('treats a negative scroll (overscroll bounce) as the top', () => {
    expect(virtualWindow(-80, 360, 36, 1000, 5).start).toBe(0);
  });
});
