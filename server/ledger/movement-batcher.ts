/**
 * Sends credit movements to the database in batches: one batch at a time, and every movement that
 * arrives while a batch runs waits for the next one, which takes them all (up to a limit) in arrival
 * order. One client alone is never held back: its movement goes out at once, as the plain function call.
 *
 * Why: each call and commit costs PostgreSQL far more than the movement itself (migration 0007 gives
 * the figures), and one user's movements run one after another on that user's row locks anyway.
 * Batched, 16 spends cost one round trip and one commit, and one user's queued spends ride in the same
 * batch instead of convoying on the lock.
 *
 * A batch that fails as a whole (a lost connection, a deadlock with another instance, an unexpected
 * error in one movement) is run again movement by movement, so each caller gets its own movement's
 * result or error. That is safe even if the batch did commit and only its answer was lost: every
 * movement carries an idempotency key, so running it again replays it.
 */
export interface MovementCall {
  fn: 'spend' | 'hold' | 'capture' | 'release';
  /** The SQL function's arguments in order; the first is the user who moves. */
  args: unknown[];
}

/** Runs movements: the plain function call for one, the batch function for several. */
export interface MovementRunner {
  /** Runs one call on its own: resolves with what it returned or rejects with its error. */
  one(call: MovementCall): Promise<unknown>;
  /**
   * Runs calls as one batch: one settled outcome per call, in order. Rejects only when the batch
   * failed as a whole.
   */
  many(calls: MovementCall[]): Promise<PromiseSettledResult<unknown>[]>;
}

interface Waiting {
  call: MovementCall;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * At most 32 movements a batch: each runs in a subtransaction with its own transaction id, and
 * PostgreSQL tracks up to 64 of them per backend before every other snapshot gets slower.
 */
export const MAX_BATCH = 32;

export class MovementBatcher {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly runner: MovementRunner,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  /** Resolves with what the movement returned once its batch has committed, or rejects with its error. */
  submit(call: MovementCall): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ call, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      if (batch.length === 1) {
        await this.runAlone(batch[0]!);
        continue;
      }
      try {
        const outcomes = await this.runner.many(batch.map((waiting) => waiting.call));
        for (const [index, waiting] of batch.entries()) {
          const outcome = outcomes[index]!;
          if (outcome.status === 'fulfilled') waiting.resolve(outcome.value);
          else waiting.reject(outcome.reason);
        }
      } catch {
        for (const waiting of batch) await this.runAlone(waiting);
      }
    }
    this.running = false;
  }

  private async runAlone(waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await this.runner.one(waiting.call));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
