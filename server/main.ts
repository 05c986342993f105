import { configFromEnv } from './config.ts';
import { startServer } from './start.ts';

const config = configFromEnv();
const server = await startServer(config);
console.log(`billing api listening on ${server.url}`);
console.log(`  database: ${config.databaseUrl ? 'postgres' : `pglite (${config.dataDir})`}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    console.log(`billing api: ${signal} received, draining`);
    await server.stop();
    console.log('billing api: stopped');
    process.exit(0);
  });
}
