/**
 * One small interface over PostgreSQL (`pg` Pool) and embedded PGlite, so every query and
 * migration runs unchanged on both.
 */
import { DEFAULT_POOL_MAX } from '../config.ts';

export interface QueryOptions {
  /**
   * Names the statement so PostgreSQL parses and plans it once per connection and then only binds
   * and executes it. For the few hot, fixed statements (credit movements); one name per SQL text.
   * PGlite, a single in-process connection, ignores it.
   */
  name?: string;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel` (from this process or, on PostgreSQL, any other). */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…` selects PostgreSQL; undefined selects PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory; `memory://` keeps nothing. */
  dataDir: string;
  /** Pool size on PostgreSQL (DEFAULT_POOL_MAX unless given). */
  poolMax?: number;
}

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(options.databaseUrl, options.poolMax ?? DEFAULT_POOL_MAX);
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(options.dataDir);
}
