import type { Clock } from '../clock.ts';
import type { LedgerStore } from '../ledger/ledger-store.ts';

/** Users settled per tick: each is its own short transaction, so a backlog never blocks spends. */
const USERS_PER_TICK = 200;

/**
 * The periodic sweep: rolls over cycles and expires holds nobody has touched, so event streams
 * hear of them within seconds. Answers never depend on it: every read settles lazily first.
 */
export function startSweep(ledger: LedgerStore, clock: Clock, intervalMs: number): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const now = clock.now();
    for (const userId of await ledger.dueUsers(now, USERS_PER_TICK)) {
      await ledger.settle(userId, now);
    }
    await ledger.pruneIdempotencyKeys(now);
  };
  const timer = setInterval(() => {
    running = running.then(tick).catch((error: unknown) => console.error('sweep failed:', error));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
