// @vitest-environment jsdom
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_DELAY_MS, SearchBox } from '../../../../components/lists/search-box.tsx';

let container: HTMLElement;

beforeEach(() => {
  vi.useFakeTimers();
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
  vi.useRealTimers();
});

/** Renders the box in a parent that applies each search to its state and counts its renders, as the Lists page does. */
function mount(initial = '') {
  const searches: string[] = [];
  let parentRenders = 0;
  function Parent() {
    parentRenders++;
    const [applied, setApplied] = useState(initial);
    return h(SearchBox, {
      applied,
      onSearch: (text: string) => {
        searches.push(text);
        setApplied(text);
      },
    });
  }
  act(() => render(h(Parent, null), container));
  const input = container.querySelector('input')!;
  return { input, searches, parentRenders: () => parentRenders };
}

function type(input: HTMLInputElement, text: string) {
  act(() => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('SearchBox', () => {
  it('searches once, for the last text, when typing pauses', () => {
    const { input, searches } = mount();
    for (const text of ['a', 'ad', 'ada']) {
      type(input, text);
      act(() => {
        vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
      });
    }
    expect(searches).toEqual([]);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(searches).toEqual(['ada']);
    act(() => {
      vi.advanceTimersByTime(10 * SEARCH_DELAY_MS);
    });
    expect(searches).toEqual(['ada']);
  });

  it('re-renders only itself while the user types, and the page once the search applies', () => {
    const { input, parentRenders } = mount();
    type(input, 'h');
    type(input, 'ho');
    expect(input.value).toBe('ho');
    expect(parentRenders()).toBe(1);
    act(() => {
      vi.advanceTimersByTime(SEARCH_DELAY_MS);
    });
    expect(parentRenders()).toBe(2);
    expect(input.value).toBe('ho');
  });

  it('searches at once on Enter', () => {
    const { input, searches } = mount();
    type(input, 'hopper');
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(searches).toEqual(['hopper']);
  });

  it('does not search again for the text already applied', () => {
    const { input, searches } = mount('ada');
    expect(input.value).toBe('ada');
    type(input, 'ada');
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      vi.advanceTimersByTime(2 * SEARCH_DELAY_MS);
    });
    expect(searches).toEqual([]);
  });
});
