import type { Db } from '../db/db.ts';

/** The NOTIFY channel the ledger functions signal on; the payload is the owner (user or team id). */
export const BALANCE_CHANNEL = 'lasso_balance';

type Listener = () => void;

/**
 * Fans balance changes out to open event streams. Every credit movement NOTIFYs its owner id
 * (committed with the movement); on PostgreSQL that reaches every API instance, so a member's
 * spend on one instance updates a teammate's stream on another.
 */
export class BalanceEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  private unlisten: (() => Promise<void>) | undefined;

  static async start(db: Db): Promise<BalanceEvents> {
    const events = new BalanceEvents();
    events.unlisten = await db.listen(BALANCE_CHANNEL, (ownerId) => events.emit(ownerId));
    return events;
  }

  /** Calls `listener` whenever any of `ownerIds` changes; returns the unsubscribe function. */
  subscribe(ownerIds: string[], listener: Listener): () => void {
    for (const ownerId of ownerIds) {
      let set = this.listeners.get(ownerId);
      if (!set) {
        set = new Set();
        this.listeners.set(ownerId, set);
      }
      set.add(listener);
    }
    return () => {
      for (const ownerId of ownerIds) {
        const set = this.listeners.get(ownerId);
        set?.delete(listener);
        if (set?.size === 0) this.listeners.delete(ownerId);
      }
    };
  }

  emit(ownerId: string): void {
    for (const listener of this.listeners.get(ownerId) ?? []) listener();
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.listeners.clear();
  }
}
