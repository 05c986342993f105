import type { Db } from '../db/db.ts';

/** The NOTIFY channel the ledger functions signal on; the payload is the owner (user or team id). */
export const BALANCE_CHANNEL = 'lasso_balance';

type Listener = () => void;

/**
 * How long `publish` gathers owners before sending them in one NOTIFY statement. Events are due within
 * 5 s; each NOTIFY costs a round trip and wakes every listening connection of every instance, so at
 * 10 ms they took about a tenth of a busy instance's spend throughput (measured: 1-client spends
 * 13–15% faster at 200 ms than at 10 ms).
 */
const PUBLISH_DELAY_MS = 100;

/**
 * Fans balance changes out to open event streams. Every credit movement NOTIFYs its owner id; on
 * PostgreSQL that reaches every API instance, so a member's spend on one instance updates a
 * teammate's stream on another. Rare movements NOTIFY inside their transaction; spends, holds,
 * captures and releases are announced here with `publish` once committed (migration 0005 says why).
 */
export class BalanceEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  private unlisten: (() => Promise<void>) | undefined;
  /** Owners published since the last NOTIFY went out. */
  private pending = new Set<string>();
  private flushing: Promise<void> | undefined;

  private constructor(private readonly db: Db) {}

  static async start(db: Db): Promise<BalanceEvents> {
    const events = new BalanceEvents(db);
    events.unlisten = await db.listen(BALANCE_CHANNEL, (ownerId) => events.emit(ownerId));
    return events;
  }

  /**
   * NOTIFYs `ownerId` on every instance within PUBLISH_DELAY_MS and a round trip, outside any transaction. The owners of
   * many movements go out in one statement: one is in flight at a time, and the next takes all that
   * came meanwhile.
   */
  publish(ownerId: string): void {
    this.pending.add(ownerId);
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    // Waits a moment so that the movements of the next few milliseconds share one statement: a NOTIFY
    // per spend would cost a round trip each, and events only have to arrive within 5 s.
    await new Promise((resolve) => setTimeout(resolve, PUBLISH_DELAY_MS));
    while (this.pending.size > 0) {
      const ownerIds = [...this.pending];
      this.pending = new Set();
      try {
        await this.db.query(`SELECT pg_notify($1, owner_id) FROM unnest($2::text[]) AS owners(owner_id)`, [
          BALANCE_CHANNEL,
          ownerIds,
        ]);
      } catch (error) {
        // The movement stands; its streams catch up on their next event or reconnect.
        console.warn('lasso: could not announce balance changes', error);
      }
    }
    this.flushing = undefined;
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
    await this.flushing;
    await this.unlisten?.();
    this.listeners.clear();
  }
}
