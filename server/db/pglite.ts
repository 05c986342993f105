import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';

const parsers = { [types.INT8]: (value: string) => Number(value) };

export async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { parsers });

  const query = async <Row>(runner: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) => {
    const result = await runner.query<Row>(sql, params as unknown[]);
    return { rows: result.rows };
  };

  return {
    kind: 'pglite',
    query: (sql, params) => query(pglite, sql, params),
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    // PGlite is one connection: its transaction() holds a mutex, so transactions run one at a time.
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) =>
        work({
          query: (sql, params) => query(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    close: () => pglite.close(),
  };
}
