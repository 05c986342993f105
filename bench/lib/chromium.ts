/**
 * The built extension in the system Chromium, for the benches that measure it in a real browser:
 * build it in a WXT mode, then launch a headless profile with it loaded.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, chromium } from 'playwright-core';
import { log } from './report.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Where `wxt build --mode <mode>` writes the extension. */
export function extensionDir(mode: 'bench' | 'e2e'): string {
  return path.resolve(`.output/chrome-mv3-${mode}`);
}

/**
 * Builds the extension in `mode` with `env` added to this process's environment.
 * @example await buildExtension('bench', { NODE_ENV: 'production' });
 */
export async function buildExtension(mode: 'bench' | 'e2e', env: Record<string, string> = {}): Promise<void> {
  log(`building the extension (wxt build --mode ${mode})…`);
  await promisify(execFile)(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build', '--mode', mode], {
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A fresh headless Chromium profile with the extension in `dir` loaded. */
export function launchWithExtension(
  dir: string,
  viewport?: { width: number; height: number },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext('', {
    headless: true,
    executablePath: CHROMIUM_PATH,
    ...(viewport ? { viewport } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
  });
}
