import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { type Clock, SettableClock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { openDb } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import { buildDeps } from './deps.ts';
import { createApp } from './http/app.ts';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, and serves the API until `stop()`. */
export async function startServer(config: Config): Promise<RunningServer> {
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
  });
  await migrate(db);
  const clock: Clock = config.testMode ? new SettableClock() : systemClock;
  const deps = await buildDeps({ db, clock, config });
  const app = createApp(deps);
  const server = createAdaptorServer({ fetch: app.fetch, hostname: config.host });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Idle keep-alive sockets would hold close() open; requests in flight still finish.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        // Ends the event streams (which never finish on their own) and the sweep.
        await deps.close();
        await closed;
        await db.close();
      })();
      return stopping;
    },
  };
}
