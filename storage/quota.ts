/** The browser refused to store more (the disk or the origin's quota is full). */
export function isQuotaError(error: unknown): boolean {
  // Dexie passes the IndexedDB error on as `inner` (AbortError) or in `failures` (BulkError).
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    const e = next as { name?: unknown; inner?: unknown; failures?: unknown };
    if (e.name === 'QuotaExceededError') return true;
    stack.push(e.inner);
    if (Array.isArray(e.failures)) stack.push(...e.failures);
  }
  return false;
}

/** Runs a write; a full disk becomes the value `{ ok: false, code: 'quota_exceeded' }`, anything else throws. */
export async function reportingQuota<T>(
  write: () => Promise<T>,
): Promise<T | { ok: false; code: 'quota_exceeded' }> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) return { ok: false, code: 'quota_exceeded' };
    throw error;
  }
}
