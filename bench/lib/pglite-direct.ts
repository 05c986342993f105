import { systemClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { type Db, openDb } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { buildDeps } from '../../server/deps.ts';
import { createApp } from '../../server/http/app.ts';
import { onCleanup } from './cleanup.ts';
import type { Outcome } from './load.ts';
import { DIRECT_SPEND_SQL } from './postgres.ts';
import { type BenchUsers, createBenchUsers } from './users.ts';

const OPERATOR_TOKEN = 'bench-in-process-operator';

/**
 * The PGlite baseline: an in-memory PGlite in this process, migrated and given the same users
 * (through the app, in process), then the spend function called on it directly.
 */
export class InProcessPglite {
  private spendCounter = 0;
  readonly samples = new Map<string, string>();

  private constructor(
    private readonly db: Db,
    readonly users: BenchUsers,
    readonly close: () => Promise<void>,
  ) {}

  static async open(): Promise<InProcessPglite> {
    const db = await openDb({ dataDir: 'memory://' });
    const close = onCleanup('in-process PGlite', () => db.close());
    await migrate(db);
    // Test mode only so that sign-up mail goes to the in-memory outbox, not to stdout.
    const config = testConfig({ operatorToken: OPERATOR_TOKEN });
    const deps = await buildDeps({ db, clock: systemClock, config });
    try {
      const app = createApp(deps);
      const users = await createBenchUsers(async (path, init) => app.request(path, init), OPERATOR_TOKEN);
      return new InProcessPglite(db, users, close);
    } finally {
      // Only the database is measured: no sweep, no NOTIFY listener.
      await deps.close();
    }
  }

  async spend(userId: string): Promise<Outcome> {
    try {
      await this.db.query(DIRECT_SPEND_SQL, [userId, `spend_bench_${this.spendCounter++}`]);
      return true;
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      const label = `pglite ${code ?? 'error'}`;
      if (!this.samples.has(label)) this.samples.set(label, message ?? String(error));
      return label;
    }
  }
}
