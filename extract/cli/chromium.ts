/**
 * The CLI's edge: bundles the engine for the browser and runs it in headless Chromium on a page as
 * loaded. Node-only (esbuild, playwright-core); the engine itself stays pure (extract/index.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { CandidateGroup, Profile } from '../profile.ts';

const ENGINE_ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../index.ts');
const GLOBAL_NAME = '__lassoExtract';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let bundled: Promise<string> | undefined;

/** extract/index.ts as one IIFE script defining `globalThis.__lassoExtract` (built once per process). */
export function engineBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [ENGINE_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'browser',
    target: 'chrome110',
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no bundle');
    return file.text;
  });
  return bundled;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What to open: a local file, or an http(s) URL. */
export type PageSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export function parseSource(arg: string): PageSource {
  return /^https?:\/\//i.test(arg) ? { kind: 'url', url: arg } : { kind: 'file', path: path.resolve(arg) };
}

/** The URL a source is loaded from (a file:// URL for files). */
export function sourceUrl(source: PageSource): string {
  return source.kind === 'url' ? source.url : pathToFileURL(source.path).href;
}

/**
 * Opens the source in a fresh page. A file loads from its file:// URL with every network request
 * refused (an offline copy must not call home); a URL may load what its own origin serves.
 */
export async function openPage(browser: Browser, source: PageSource, timeoutMs = 30_000): Promise<Page> {
  const page = await browser.newPage();
  const url = sourceUrl(source);
  const origin = source.kind === 'url' ? new URL(url).origin : undefined;
  await page.route('**/*', (route) => {
    const target = route.request().url();
    const allowed =
      source.kind === 'file'
        ? target.startsWith('file:') || target.startsWith('data:')
        : target.startsWith(`${origin}/`) || target === origin || target.startsWith('data:');
    return allowed ? route.continue() : route.abort();
  });
  if (source.kind === 'file') await readFile(source.path); // a clear ENOENT before Chromium's error page
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  return page;
}

export interface RunOptions {
  /** The page URL links resolve against (default: the loaded URL). */
  baseUrl?: string;
  limit?: number;
}

/** Runs the bundled engine in the page: the default answer and every candidate list, with its time. */
export async function extractInPage(
  page: Page,
  options: RunOptions,
): Promise<{ profiles: Profile[]; candidates: CandidateGroup[]; extractMs: number }> {
  const code = await engineBundle();
  const url = options.baseUrl ?? page.url();
  const args = JSON.stringify({ url, limit: options.limit });
  // One string expression: evaluated by the DevTools protocol, so the page's CSP does not apply.
  return page.evaluate(`(() => {
    ${code}
    const started = performance.now();
    const candidates = ${GLOBAL_NAME}.extractCandidates(document, ${args});
    const extractMs = performance.now() - started;
    const combined = candidates.find((g) => g.id === 'combined');
    return { profiles: combined ? combined.profiles : [], candidates, extractMs };
  })()`);
}

/**
 * Times the engine in the page: installs the bundle once, then runs `extractCandidates` `runs`
 * times (the first run compiles, so callers usually drop it). Returns each run's milliseconds and
 * the profile count, beside a bare walk over every element as a baseline.
 */
export async function timeInPage(
  page: Page,
  options: { url: string; runs: number },
): Promise<{ runsMs: number[]; baselineMs: number[]; profiles: number; elements: number }> {
  const code = await engineBundle();
  await page.evaluate(`globalThis.${GLOBAL_NAME} = (() => { ${code}; return ${GLOBAL_NAME}; })(); undefined`);
  return page.evaluate(`(() => {
    const engine = globalThis.${GLOBAL_NAME};
    const options = ${JSON.stringify({ url: options.url })};
    const runsMs = [];
    const baselineMs = [];
    let profiles = 0;
    let elements = 0;
    for (let i = 0; i < ${Math.max(1, Math.floor(options.runs))}; i += 1) {
      let started = performance.now();
      const candidates = engine.extractCandidates(document, options);
      runsMs.push(performance.now() - started);
      const combined = candidates.find((g) => g.id === 'combined');
      profiles = combined ? combined.profiles.length : 0;
      started = performance.now();
      elements = 0;
      const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
      while (walker.nextNode()) elements += 1;
      baselineMs.push(performance.now() - started);
    }
    return { runsMs, baselineMs, profiles, elements };
  })()`);
}
