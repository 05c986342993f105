/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  quick: boolean;
  /** Which backends to measure. */
  backends: Array<'pglite' | 'postgres'>;
  /** Warm-up before each measurement (not counted). */
  warmupMs: number;
  /** Length of each measurement. */
  durationMs: number;
  /** Concurrent clients per measurement. */
  clientCounts: number[];
}

const USAGE = `usage: npm run bench -- [--quick] [--only=pglite|postgres]
  --quick          2 s per measurement instead of 6 s
  --only=BACKEND   measure only PGlite or only PostgreSQL
PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a fresh database is created and dropped).`;

export function parseOptions(argv: string[]): BenchOptions {
  let quick = false;
  let backends: BenchOptions['backends'] = ['pglite', 'postgres'];
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--only=pglite') backends = ['pglite'];
    else if (arg === '--only=postgres') backends = ['postgres'];
    else if (arg === '--help' || arg === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return {
    quick,
    backends,
    warmupMs: quick ? 500 : 1000,
    durationMs: quick ? 2000 : 6000,
    clientCounts: [1, 16, 64],
  };
}
