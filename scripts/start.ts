/**
 * `npm start`: runs the billing API, builds the extension against it, and says how to load the extension.
 * The API starts first: opening its database is the slow part, and running the build beside it on a small
 * machine only slows both down, while /healthz must answer within 30 s of a fresh `npm start`. Starting
 * first also tells the build the real port when PORT=0.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { configFromEnv } from '../server/config.ts';
import { type RunningServer, startServer } from '../server/start.ts';

const EXTENSION_DIR = path.resolve('.output/chrome-mv3');

/** The URL the browser should use: a wildcard listen address is reached over loopback. */
function browserHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function buildExtension(apiUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build'], {
      stdio: 'inherit',
      env: { ...process.env, LASSO_API_URL: apiUrl },
      shell: process.platform === 'win32',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`wxt build failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

function explainStartFailure(error: unknown, port: number): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `port ${port} is already in use. Stop the other process (is another \`npm start\` running?) or pick a free port: PORT=8790 npm start`;
  }
  return error instanceof Error ? error.message : String(error);
}

function printInstructions(server: RunningServer, apiUrl: string, database: string): void {
  console.log(`
Lasso is ready.

  Billing API  ${server.url}  (database: ${database})
  Extension    ${EXTENSION_DIR}  (talks to ${apiUrl})

Load the extension in Chrome or Chromium:
  1. open chrome://extensions
  2. turn on "Developer mode" (top right)
  3. click "Load unpacked" and choose ${EXTENSION_DIR}
  Loaded it before? Click the reload button on the Lasso card instead.

Press Ctrl+C to stop the billing API.
`);
}

async function main(): Promise<void> {
  const config = configFromEnv();
  let server: RunningServer | undefined;

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      console.log(`\n${signal} received, stopping the billing API…`);
      await server?.stop();
      process.exit(0);
    });
  }

  try {
    server = await startServer(config);
  } catch (error) {
    console.error(`The billing API did not start: ${explainStartFailure(error, config.port)}`);
    process.exit(1);
  }
  console.log(`billing api listening on ${server.url}`);

  const apiUrl = process.env.LASSO_API_URL || `http://${browserHost(config.host)}:${server.port}`;
  try {
    await buildExtension(apiUrl);
  } catch (error) {
    console.error(`\nThe extension was not built: ${(error as Error).message}`);
    await server.stop();
    process.exit(1);
  }
  const database = config.databaseUrl ? 'postgres' : `pglite, ${config.dataDir}`;
  printInstructions(server, apiUrl, database);
}

await main();
