/**
 * Runs tasks that share a key one after another, in the order they arrive; tasks under different keys
 * run side by side.
 *
 * The ledger moves one user's credits under row locks on that user's buckets, so concurrent movements of
 * one user run one at a time in PostgreSQL anyway. Left to the database, every waiting request holds a
 * connection and a backend that wakes, queues on the lock and sleeps again: with 16 clients spending
 * from one user's buckets PostgreSQL did fewer spends per second than with one. Queued here they wait
 * in memory, and the database sees one movement per user at a time.
 *
 * Correctness never depends on this queue (other API instances share the database): the row locks and
 * idempotency records still decide. It only keeps this instance's requests from convoying on them.
 */
export class OneAtATime {
  /** The last task queued under each key; a key is forgotten when its queue empties. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `task` once every task queued before it under `key` has settled; its result or error is
   * passed through.
   * @example const result = await queue.run(userId, () => ledger.spend(...));
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // A tail never rejects (below), so the next task starts whether the one before it succeeded or not.
    const result = previous ? previous.then(task) : task();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have a task running or queued (for tests). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
