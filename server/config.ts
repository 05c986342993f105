/** Everything the billing API reads from its environment, parsed once with defaults in one place. */
export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** Most connections the API opens to PostgreSQL at once. */
  databasePoolMax: number;
  dataDir: string;
  operatorToken: string | undefined;
  testMode: boolean;
  freeSignupCredits: number;
  freeProfilesPerPage: number;
  dnsServers: string[] | undefined;
  smtpUrl: string | undefined;
  /** Public URL of the API, used in verification links. */
  publicUrl: string;
}

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  const value = nonNegativeInt(name, raw, fallback);
  if (value === 0) throw new Error(`${name} must be at least 1, got "${raw}"`);
  return value;
}

/** PostgreSQL connections per API instance unless DATABASE_POOL_MAX says otherwise. */
export const DEFAULT_POOL_MAX = 20;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const port = nonNegativeInt('PORT', env.PORT, 8787);
  return {
    host,
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolMax: positiveInt('DATABASE_POOL_MAX', env.DATABASE_POOL_MAX, DEFAULT_POOL_MAX),
    dataDir: env.DATA_DIR || '.data/billing',
    operatorToken: env.BILLING_OPERATOR_TOKEN || undefined,
    testMode: env.BILLING_TEST_MODE === '1',
    freeSignupCredits: nonNegativeInt('FREE_SIGNUP_CREDITS', env.FREE_SIGNUP_CREDITS, 50),
    freeProfilesPerPage: nonNegativeInt('FREE_PROFILES_PER_PAGE', env.FREE_PROFILES_PER_PAGE, 10),
    dnsServers: env.BILLING_DNS_SERVERS
      ? env.BILLING_DNS_SERVERS.split(',')
          .map((server) => server.trim())
          .filter(Boolean)
      : undefined,
    smtpUrl: env.SMTP_URL || undefined,
    publicUrl: env.PUBLIC_URL || `http://${host}:${port}`,
  };
}

/** Defaults for tests and embedding: in-memory PGlite, test mode on, operator token set. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...configFromEnv({}),
    dataDir: 'memory://',
    testMode: true,
    operatorToken: 'test-operator-token',
    ...overrides,
  };
}
