/**
 * Storage health for the dashboard: how much this browser lets Lasso keep, how much is used, and
 * whether the lists are protected from eviction. Lists live in this browser only: export to share them,
 * back up to keep them.
 */

/** The parts of `navigator.storage` used here (a parameter, so tests and old browsers can pass their own). */
export interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

export interface StorageHealth {
  /** Undefined where the browser does not say. */
  usedBytes?: number;
  quotaBytes?: number;
  /** Used ÷ quota, 0..1. */
  usedFraction?: number;
  /** True when the browser will not evict the lists under storage pressure. */
  persisted: boolean;
}

/** Above this share of the quota, the dashboard should warn before a big save or import. */
export const QUOTA_WARNING_FRACTION = 0.8;

function defaultManager(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

/** Used and available space, and whether storage is persistent. */
export async function storageHealth(manager = defaultManager()): Promise<StorageHealth> {
  const [estimate, persisted] = await Promise.all([
    manager?.estimate?.().catch(() => undefined),
    manager?.persisted?.().catch(() => false),
  ]);
  const health: StorageHealth = { persisted: persisted ?? false };
  if (estimate?.usage !== undefined) health.usedBytes = estimate.usage;
  if (estimate?.quota !== undefined) health.quotaBytes = estimate.quota;
  if (estimate?.usage !== undefined && estimate.quota) health.usedFraction = estimate.usage / estimate.quota;
  return health;
}

/** Asks the browser to keep the lists under storage pressure; true when it agreed. */
export async function requestPersistentStorage(manager = defaultManager()): Promise<boolean> {
  if (!manager?.persist) return false;
  return manager.persist().catch(() => false);
}
