/**
 * `npm run extract -- <file.html|http://127.0.0.1/...> [--base-url URL] [--limit N] [--full]`
 *
 * Loads the page in headless Chromium, runs the very same engine bundle the extension injects, and
 * prints a JSON array of profiles to stdout (billing-api.md, "Extraction CLI"): `{name, title?,
 * company?, location?, email?, phone?, profileUrl?, imageUrl?, links?}`. `--full` adds each
 * profile's source and per-field provenance. Links resolve against --base-url (default: the page's
 * own URL, file:// for a file).
 */
import { parseArgs } from 'node:util';
import { extractInPage, launchChromium, openPage, parseSource } from './cli/chromium.ts';
import { toPublicProfile } from './profile.ts';

const USAGE =
  'usage: npm run extract -- <file.html|http://127.0.0.1/...> [--base-url URL] [--limit N] [--full]';

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'base-url': { type: 'string' },
        limit: { type: 'string' },
        full: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const baseUrl = typeof values['base-url'] === 'string' ? values['base-url'] : undefined;
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
    process.stderr.write(`--base-url is not a URL: ${baseUrl}\n`);
    return 2;
  }
  const limit = typeof values.limit === 'string' ? Number(values.limit) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    process.stderr.write(`--limit must be a whole number: ${values.limit}\n`);
    return 2;
  }
  const browser = await launchChromium();
  try {
    const page = await openPage(browser, parseSource(target));
    const { profiles, extractMs } = await extractInPage(page, { baseUrl, limit });
    const out = values.full ? profiles : profiles.map(toPublicProfile);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    process.stderr.write(`${profiles.length} profile(s) in ${extractMs.toFixed(1)} ms\n`);
    return 0;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`extract failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
