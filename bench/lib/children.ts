import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';
import { log } from './report.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningChild {
  name: string;
  pid: number;
  /** The base URL the child printed once listening. */
  url: string;
  /** SIGTERM to this child's PID, SIGKILL if it has not exited after 10 s. */
  stop(): Promise<void>;
}

const STDERR_LINES_FORWARDED = 20;

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess, name: string): Promise<void> {
  if (exited(child) || child.pid === undefined) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!exited(child)) {
      log(`${name} (pid ${child.pid}) did not stop within 10 s: SIGKILL`);
      child.kill('SIGKILL');
    }
  }, 10_000);
  await done;
  clearTimeout(timer);
}

/**
 * Runs `node --import tsx <script>` from the repository root as its own process (its own event
 * loop, apart from the load client) and waits for the line `<…> listening on <url>` on stdout.
 * Its stdout is kept only for diagnostics; its first stderr lines are forwarded to ours.
 */
export async function startChild(options: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<RunningChild> {
  const { name } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', options.script], {
    cwd: repoRoot,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = onCleanup(name, () => stopChild(child, name));
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 30) recent.shift();
  };

  let forwarded = 0;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    remember(line);
    if (forwarded < STDERR_LINES_FORWARDED) log(`[${name}] ${line}`);
    else if (forwarded === STDERR_LINES_FORWARDED) log(`[${name}] (further stderr not shown)`);
    forwarded += 1;
  });

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start within ${options.timeoutMs ?? 60_000} ms`)),
        options.timeoutMs ?? 60_000,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        remember(line);
        const match = / listening on (http:\/\/\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before listening`));
      });
    });
    log(`${name} listening on ${url} (pid ${child.pid})`);
    return { name, pid: child.pid!, url, stop };
  } catch (error) {
    await stop();
    const output = recent.length > 0 ? `\n  last output:\n    ${recent.join('\n    ')}` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${output}`);
  }
}

/** Environment of a child: ours minus the variables that would change what it measures. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'DATA_DIR',
    'PORT',
    'HOST',
    'BILLING_TEST_MODE',
    'SMTP_URL',
    'PUBLIC_URL',
  ]) {
    delete env[key];
  }
  return { ...env, ...overrides };
}
