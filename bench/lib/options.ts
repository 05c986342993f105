/** Command-line options of `npm run bench`. */
export const SUITES = ['extraction', 'lists', 'popup', 'enrichment', 'billing'] as const;
export type Suite = (typeof SUITES)[number];

export interface BenchOptions {
  quick: boolean;
  /** Which benchmark suites to run (default: all). */
  suites: Suite[];
  /** Which backends to measure. */
  backends: Array<'pglite' | 'postgres'>;
  /** Warm-up before each measurement (not counted). */
  warmupMs: number;
  /** Measured time of each contender at each point, in all. */
  durationMs: number;
  /** Slices each contender's measured time is split into, taken turn by turn with the others. */
  rounds: number;
  /** Warm-up before each slice after a contender's first. */
  rewarmMs: number;
  /** Concurrent clients per measurement. */
  clientCounts: number[];
}

const USAGE = `usage: npm run bench -- [--quick] [--only=pglite|postgres] [--suite=extraction,lists,popup,enrichment,billing]
  --quick          short runs (2 s of spends per contender and point instead of 6 s, fewer rows and opens)
  --only=BACKEND   measure spends only on PGlite or only on PostgreSQL
  --suite=LIST     run only these suites (default: all)
PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a fresh database is created and dropped).`;

export function parseOptions(argv: string[]): BenchOptions {
  let quick = false;
  let suites: Suite[] = [...SUITES];
  let backends: BenchOptions['backends'] = ['pglite', 'postgres'];
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--only=pglite') backends = ['pglite'];
    else if (arg === '--only=postgres') backends = ['postgres'];
    else if (arg.startsWith('--suite=')) {
      const wanted = arg.slice('--suite='.length).split(',');
      const unknown = wanted.filter((suite) => !(SUITES as readonly string[]).includes(suite));
      if (unknown.length > 0) {
        process.stderr.write(`unknown suite ${unknown.join(', ')}\n${USAGE}\n`);
        process.exit(2);
      }
      suites = wanted as Suite[];
    } else if (arg === '--help' || arg === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return {
    quick,
    suites,
    backends,
    warmupMs: quick ? 500 : 1000,
    durationMs: quick ? 2000 : 6000,
    rounds: quick ? 2 : 3,
    rewarmMs: quick ? 200 : 300,
    clientCounts: [1, 16, 64],
  };
}
