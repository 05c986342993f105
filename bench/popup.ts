import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Worker } from 'playwright-core';
import type { browser } from 'wxt/browser';
import type { AuthResponse } from '../api-client/contract/auth.ts';
import type { Balance } from '../api-client/contract/billing.ts';
import { testConfig } from '../server/config.ts';
import { type RunningServer, startServer } from '../server/start.ts';
import { buildExtension, CHROMIUM_PATH, extensionDir, launchWithExtension } from './lib/chromium.ts';
import { emit, log, ratio, round } from './lib/report.ts';

/** The extension API inside `evaluate` callbacks, which run in the extension's service worker. */
declare const chrome: typeof browser;

export interface PopupBenchOptions {
  /** 5 opens per figure instead of 20. */
  quick: boolean;
}

const EXTENSION_DIR = extensionDir('bench');
const TARGETS = { warmFirstPaintMs: 150, bundleGzipBytes: 60 * 1024 };
const POPUP_VIEWPORT = { width: 380, height: 600 };

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The JS and CSS popup.html loads (its module script, modulepreloads and stylesheets), gzipped. */
function measureBundle(): void {
  const html = readFileSync(path.join(EXTENSION_DIR, 'popup.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  let jsBytes = 0;
  let cssBytes = 0;
  let gzipBytes = 0;
  for (const file of new Set(files)) {
    const content = readFileSync(path.join(EXTENSION_DIR, file));
    if (file.endsWith('.js')) jsBytes += content.byteLength;
    else cssBytes += content.byteLength;
    gzipBytes += gzipSync(content, { level: 9 }).byteLength;
  }
  emit({
    name: 'popup.bundle',
    files: new Set(files).size,
    jsBytes,
    cssBytes,
    gzipBytes,
    targetGzipBytes: TARGETS.bundleGzipBytes,
  });
}

async function signUp(apiUrl: string): Promise<{ auth: AuthResponse; balance: Balance }> {
  const email = `bench-${Date.now()}@lasso-bench.com`;
  const response = await fetch(`${apiUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const auth = (await response.json()) as AuthResponse;
  const balance = (await (
    await fetch(`${apiUrl}/v1/me/balance`, { headers: { authorization: `Bearer ${auth.token}` } })
  ).json()) as Balance;
  return { auth, balance };
}

/** Signs the extension in, as the background would after a sign-in, straight into chrome.storage.local. */
async function seedSession(worker: Worker, apiUrl: string, auth: AuthResponse): Promise<void> {
  await worker.evaluate(
    async ({ apiUrl, auth }) => {
      await chrome.storage.local.set({
        'auth.token': { token: auth.token, apiUrl, userId: auth.user.id },
        'auth.account': { status: 'signed_in', user: auth.user, team: null, apiUrl },
      });
    },
    { apiUrl, auth },
  );
}

interface OpenTimes {
  /** When the balance figure was first painted. */
  figureMs: number;
  /** When anything was first painted (First Contentful Paint). */
  fcpMs: number;
}

/** Opens `url` in a new tab and returns when (ms after navigation start) the balance figure, and anything, was painted. */
async function openOnce(context: BrowserContext, url: string): Promise<OpenTimes> {
  const page = await context.newPage();
  try {
    await page.setViewportSize(POPUP_VIEWPORT);
    await page.goto(url);
    return await page.evaluate(
      () =>
        new Promise<OpenTimes>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no balance figure painted within 15 s')), 15_000);
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as Array<
              PerformanceEntry & { identifier?: string; renderTime?: number }
            >) {
              if (entry.identifier !== 'balance-figure') continue;
              clearTimeout(timer);
              const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
              resolve({ figureMs: entry.renderTime || entry.startTime, fcpMs: fcp });
            }
          }).observe({ type: 'element', buffered: true });
        }),
    );
  } finally {
    await page.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  return percentile(
    values.toSorted((a, b) => a - b),
    50,
  );
}

function emitOpens(
  cache: 'warm' | 'cold',
  times: OpenTimes[],
  reference: { baselineMs: number; staticPageMs: number },
): void {
  const sorted = times.map((time) => time.figureMs).toSorted((a, b) => a - b);
  const medianMs = round(percentile(sorted, 50), 1);
  emit({
    name: 'popup.firstBalancePaint',
    cache,
    opens: times.length,
    medianMs,
    p90Ms: round(percentile(sorted, 90), 1),
    minMs: round(sorted[0]!, 1),
    fcpMedianMs: round(median(times.map((time) => time.fcpMs)), 1),
    baselineMs: reference.baselineMs,
    ratio: ratio(medianMs, reference.baselineMs),
    staticPageMs: reference.staticPageMs,
    ...(cache === 'warm' ? { targetMs: TARGETS.warmFirstPaintMs } : {}),
  });
  log(`${cache} cache: balance painted after ${medianMs} ms (median of ${times.length} opens)`);
}

/**
 * Two reference pages, written into the bench build only and opened the same way as the popup:
 * - the baseline: the same work without our code, a module script that reads the cached balance from
 *   chrome.storage.local and writes the figure with innerHTML (no Preact, no store, no live link);
 * - a static page holding the figure: what any extension page costs Chromium here.
 */
const REFERENCE_PAGES = {
  'bench-baseline.html':
    '<!doctype html><meta charset="utf-8"><body style="width:380px;font:14px system-ui"><div id="app"></div>' +
    '<script type="module" src="/bench-baseline.js"></script>\n',
  'bench-baseline.js': [
    "chrome.storage.local.get('balance.cache').then(({ 'balance.cache': cached }) => {",
    "  document.getElementById('app').innerHTML = '<p elementtiming=\"balance-figure\">' +",
    "    '<strong style=\"font-size:2.25rem\">' + cached.balance.available + '</strong> credits</p>';",
    '});',
    '',
  ].join('\n'),
  'bench-static.html':
    '<!doctype html><meta charset="utf-8"><body style="width:380px;font:14px system-ui">' +
    '<p elementtiming="balance-figure"><strong style="font-size:2.25rem">50</strong> credits</p>\n',
};

type OpenKind = 'static' | 'baseline' | 'warm' | 'cold';
const OPEN_KINDS: readonly OpenKind[] = ['static', 'baseline', 'warm', 'cold'];

/**
 * `opens` opens of each kind, after one unmeasured round (a profile's first navigations pay extra),
 * in rounds that interleave the kinds, so that a change in the machine's load shifts all of them alike.
 */
async function measureOpens(
  context: BrowserContext,
  worker: Worker,
  cached: unknown,
  opens: number,
): Promise<Record<OpenKind, OpenTimes[]>> {
  const origin = `chrome-extension://${new URL(worker.url()).host}`;
  const setCache = () =>
    worker.evaluate((value) => chrome.storage.local.set({ 'balance.cache': value }), cached);
  const openers: Record<OpenKind, () => Promise<OpenTimes>> = {
    static: () => openOnce(context, `${origin}/bench-static.html`),
    baseline: async () => {
      await setCache();
      return openOnce(context, `${origin}/bench-baseline.html`);
    },
    warm: async () => {
      await setCache();
      return openOnce(context, `${origin}/popup.html`);
    },
    cold: async () => {
      // Let the last popup's live link wind down, so that it cannot write the cache back.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await worker.evaluate(() => chrome.storage.local.remove('balance.cache'));
      return openOnce(context, `${origin}/popup.html`);
    },
  };
  const times: Record<OpenKind, OpenTimes[]> = { static: [], baseline: [], warm: [], cold: [] };
  for (let round = -1; round < opens; round++) {
    for (const kind of OPEN_KINDS) {
      const time = await openers[kind]();
      if (round >= 0) times[kind].push(time);
    }
  }
  return times;
}

/** Prints the popup figures as JSON lines on stdout (progress on stderr). */
export async function runPopupBench({ quick }: PopupBenchOptions): Promise<void> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; set CHROMIUM_PATH`);
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  // NODE_ENV=production: a mode other than `production` would otherwise build Preact's dev JSX and
  // devtools hooks in, which the shipped extension does not carry.
  await buildExtension('bench', { NODE_ENV: 'production', LASSO_API_URL: apiUrl });
  measureBundle();
  for (const [file, text] of Object.entries(REFERENCE_PAGES)) {
    writeFileSync(path.join(EXTENSION_DIR, file), text);
  }

  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  try {
    log('starting the billing API (PGlite in memory)…');
    server = await startServer(testConfig({ port }));
    const { auth, balance } = await signUp(apiUrl);
    context = await launchWithExtension(EXTENSION_DIR);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await seedSession(worker, apiUrl, auth);
    const cached = { userId: auth.user.id, balance, fetchedAt: Date.now() };

    const times = await measureOpens(context, worker, cached, quick ? 5 : 20);

    const reference = {
      baselineMs: round(median(times.baseline.map((time) => time.figureMs)), 1),
      staticPageMs: round(median(times.static.map((time) => time.figureMs)), 1),
    };
    log(
      `bare script painting the cached figure: ${reference.baselineMs} ms; static page: ${reference.staticPageMs} ms`,
    );
    emitOpens('warm', times.warm, reference);
    emitOpens('cold', times.cold, reference);
  } finally {
    await context?.close();
    await server?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPopupBench({ quick: process.argv.includes('--quick') });
}
