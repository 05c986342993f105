import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './cleanup.ts';
import type { Outcome } from './load.ts';
import { log } from './report.ts';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The spend the API makes for POST /v1/spends {action:'page_scrape',quantity:1}, without an idempotency key. */
export const DIRECT_SPEND_SQL = `SELECT lasso_spend($1, 'page_scrape', 1, NULL, NULL, NULL, now(), 10, $2) AS result`;

/** Hides the password of a connection string for the log. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * Creates a fresh database `lasso_bench_<random>` next to the one `adminUrl` names; it is dropped
 * by `drop()` or, on any failure, by the run's cleanup.
 */
export async function createBenchDatabase(
  adminUrl: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `lasso_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = onCleanup(`database ${name}`, async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    } catch (error) {
      // Before PostgreSQL 13 there is no WITH (FORCE); by now every connection to it is closed anyway.
      if ((error as { code?: string }).code !== '42601') throw error;
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
    log(`dropped database ${name}`);
  });
  return { url: url.toString(), name, drop };
}

let spendCounter = 0;

/** A pg Pool of `max` connections calling the spend function directly; `open()` connects them all. */
export class DirectSpender {
  private readonly pool: pg.Pool;
  private readonly release: () => Promise<void>;
  /** One message per failure label, for the progress log. */
  readonly samples = new Map<string, string>();

  constructor(databaseUrl: string, max: number) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max });
    this.pool.on('error', (error) => log(`bench pool error: ${error.message}`));
    this.release = onCleanup('direct-DB pool', () => this.pool.end());
  }

  /** Opens all `max` connections before the clock starts. */
  async open(max: number): Promise<void> {
    const clients = await Promise.all(Array.from({ length: max }, () => this.pool.connect()));
    for (const client of clients) client.release();
  }

  async spend(userId: string): Promise<Outcome> {
    try {
      await this.pool.query(DIRECT_SPEND_SQL, [userId, `spend_bench_${spendCounter++}`]);
      return true;
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      const label = `pg ${code ?? 'error'}`;
      if (!this.samples.has(label)) this.samples.set(label, message ?? String(error));
      return label;
    }
  }

  close(): Promise<void> {
    return this.release();
  }
}
