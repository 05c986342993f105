import { useEffect, useReducer, useState } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

/**
 * The current state of a zustand store, re-rendering on every change. zustand's own `useStore` needs
 * React (preact/compat); this is the same subscription in a few lines of preact/hooks, which keeps the
 * popup bundle small.
 */
export function useStore<S>(store: StoreApi<S>): S {
  const state = store.getState();
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    const unsubscribe = store.subscribe(() => rerender(undefined));
    // A change between this render and the subscription would otherwise go unseen.
    if (store.getState() !== state) rerender(undefined);
    return unsubscribe;
    // `state` is left out of the dependencies on purpose: it is compared once, at subscription time.
  }, [store]);
  return state;
}

/** The wall clock, re-read every `intervalMs`: for "updated 3 min ago" labels that must age on screen. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
