/**
 * A bounded cache for pure functions of a string: the same texts and hrefs come up again and again
 * within a page (and across the pages of a session). Cleared whole when full — simple and bounded.
 */
export function memoize<T>(compute: (key: string) => T, maxEntries = 20_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = compute(key);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(key, value);
    return value;
  };
}
