import pg from 'pg';
import type { Db, Queryable, QueryOptions } from './db.ts';

// Counts (SUM, COUNT) come back as int8; our amounts fit in JS numbers, so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openPostgres(connectionString: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', (error) => console.error('postgres pool error:', error.message));
  await pool.query('SELECT 1');
  const listenerClients: pg.Client[] = [];

  return {
    kind: 'postgres',
    query: async <Row>(sql: string, params?: unknown[], options?: QueryOptions) => {
      const result = await pool.query({ text: sql, values: params, name: options?.name });
      return { rows: result.rows as Row[] };
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: Queryable = {
        query: async <Row>(sql: string, params?: unknown[], options?: QueryOptions) => {
          const result = await client.query({ text: sql, values: params, name: options?.name });
          return { rows: result.rows as Row[] };
        },
        exec: async (sql) => {
          await client.query(sql);
        },
      };
      try {
        await client.query('BEGIN');
        const value = await work(tx);
        await client.query('COMMIT');
        client.release();
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch {
          client.release(true);
        }
        throw error;
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString });
      client.on('error', (error) => console.error('postgres listener error:', error.message));
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listenerClients.push(client);
      return async () => {
        listenerClients.splice(listenerClients.indexOf(client), 1);
        await client.end();
      };
    },
    async close() {
      await Promise.all(listenerClients.splice(0).map((client) => client.end()));
      await pool.end();
    },
  };
}
