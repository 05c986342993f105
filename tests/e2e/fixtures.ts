import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type BrowserContext, test as base, chromium, type Worker } from '@playwright/test';
import { testConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/start.ts';
import { type DnsServer, startDnsServer } from '../support/dns-server.ts';

/** `npm run test:e2e` builds with `wxt build --mode e2e` into this folder (see wxt.config.ts). */
export const EXTENSION_DIR = path.resolve('.output/chrome-mv3-e2e');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('tests/e2e/__screenshots__');

export interface BuiltManifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: unknown;
  externally_connectable?: unknown;
  content_scripts?: unknown;
}

export function readBuiltManifest(): BuiltManifest {
  const file = path.join(EXTENSION_DIR, 'manifest.json');
  if (!existsSync(file))
    throw new Error(`${file} is missing: run \`npm run test:e2e\`, which builds it first`);
  return JSON.parse(readFileSync(file, 'utf8')) as BuiltManifest;
}

/**
 * The API the built extension may talk to: its only host permission with a port (the e2e build may also
 * read pages on any port of 127.0.0.1), so the test server and the build agree.
 */
export function builtApiUrl(): URL {
  const withPort = (readBuiltManifest().host_permissions ?? []).filter((p) =>
    /^https?:\/\/[^/]+:\d+\//.test(p),
  );
  const [pattern, ...others] = withPort;
  if (!pattern || others.length > 0)
    throw new Error('the built manifest must have exactly one host permission with a port (the API)');
  return new URL(pattern.replace(/\/\*$/, ''));
}

/** The billing API, running in this process on the port the extension was built for. */
export interface ApiControl {
  url: string;
  /** Starts the API unless it runs; a fresh start opens a new in-memory database. */
  start(): Promise<void>;
  /** Stops the API: from then on, nothing listens on its port. */
  stop(): Promise<void>;
  /** The DNS the API asks when it verifies an address (BILLING_DNS_SERVERS): this test's own responder. */
  dns: DnsServer;
}

function createApiControl(url: URL, dns: DnsServer): ApiControl {
  const port = Number(url.port);
  let server: RunningServer | undefined;
  return {
    url: url.origin,
    dns,
    async start() {
      if (server) return;
      try {
        server = await startServer(testConfig({ host: url.hostname, port, dnsServers: [dns.address] }));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(
            `port ${port} is in use; stop what listens there, or set LASSO_E2E_API_URL and rebuild`,
          );
        }
        throw error;
      }
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
  };
}

type Fixtures = {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** The billing API, running when the test starts. */
  api: ApiControl;
};

type WorkerFixtures = {
  apiServer: ApiControl;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
  // One API for the whole run: opening a database takes seconds, so tests share it (they create no data yet).
  apiServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      // No domain resolves until a test sets its zone: nothing is ever looked up on the internet.
      const dns = await startDnsServer({});
      const control = createApiControl(builtApiUrl(), dns);
      await control.start();
      await use(control);
      await control.stop();
      await dns.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  // Every test starts with the API running, whether it asks for `api` or not.
  api: [
    async ({ apiServer }, use) => {
      // A test that stopped the API leaves it stopped; the next one gets it running again.
      await apiServer.start();
      await use(apiServer);
    },
    { auto: true },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  context: async ({}, use) => {
    const context = await launchExtensionContext();
    await use(context);
    await context.close();
  },

  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },

  extensionId: async ({ serviceWorker }, use) => {
    // chrome-extension://<id>/background.js
    await use(new URL(serviceWorker.url()).host);
  },
});

/**
 * A fresh Chromium profile with the built extension loaded, headless. A test that needs two people
 * signed in at once (an admin and a member) launches a second one and closes it itself. Pass a
 * `userDataDir` to keep the profile on disk, so a test can quit the browser and start it again.
 */
export async function launchExtensionContext(userDataDir = ''): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  }
  readBuiltManifest();
  return chromium.launchPersistentContext(userDataDir, {
    headless: true,
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
}

export const expect = test.expect;
