/**
 * The open list's search field. What is typed stays in this field until typing pauses for
 * SEARCH_DELAY_MS, and only then is the list searched: a keystroke re-renders the field alone, not the
 * page and its table (which took a few milliseconds per keystroke at 100k rows, a probe).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * How long typing must pause before the list is searched. A search of 100k rows takes about 6 ms in the
 * list's index and about 100 ms until its rows are painted (a probe), so it can follow typing closely;
 * this pause only spares the searches for letters typed in quick succession.
 */
export const SEARCH_DELAY_MS = 100;

export interface SearchBoxProps {
  /** The search the list shows now. Give the box a `key` per list: opening another list starts it empty. */
  applied: string;
  onSearch: (text: string) => void;
}

export function SearchBox({ applied, onSearch }: SearchBoxProps) {
  const [text, setText] = useState(applied);
  const latestOnSearch = useRef(onSearch);
  latestOnSearch.current = onSearch;
  const pending = text !== applied;

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => latestOnSearch.current(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, pending]);

  return (
    <input
      type="search"
      aria-label="Search this list"
      placeholder="Search name, title, company, email, notes"
      value={text}
      onInput={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        // Enter searches at once, without waiting for the pause.
        if (e.key === 'Enter' && pending) latestOnSearch.current(text);
      }}
    />
  );
}
