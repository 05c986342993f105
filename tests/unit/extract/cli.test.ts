import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusSlugs, HAS_CORPUS, readBaseUrls } from '../../../bench/extraction-corpus.ts';
import { extractInPage, launchChromium, openPage } from '../../../extract/cli/chromium.ts';
import { extractProfiles, toPublicProfile } from '../../../extract/index.ts';
import { parse } from './helpers.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

function inJsdom(file: string, url: string) {
  return extractProfiles(parse(readFileSync(file, 'utf8'), url), { url }).map(toPublicProfile);
}

// Both blocks run the corpus pages; they are skipped only where the shared corpus is not beside the
// clone (see bench/extraction-corpus.ts).
describe.skipIf(!HAS_CORPUS)('npm run extract (headless Chromium)', () => {
  it.each(['osg-team', 'cs170-staff'])(
    'prints the same profiles for %s as the engine gives in jsdom',
    { timeout: 120_000 },
    async (slug) => {
      const file = path.join(CORPUS_DIR, slug, 'page.html');
      const url = readBaseUrls().get(slug) as string;

      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'extract/cli.ts', file, '--base-url', url],
        {
          cwd: REPO,
          maxBuffer: 16 * 1024 * 1024,
        },
      );

      const printed = JSON.parse(stdout) as unknown[];
      expect(printed.length).toBeGreaterThan(10);
      expect(printed).toEqual(inJsdom(file, url));
    },
  );

  it('fails with a usage line and exit code 2 without a page', { timeout: 60_000 }, async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'extract/cli.ts'], { cwd: REPO }).catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('usage: npm run extract');
  });
});

describe.skipIf(!HAS_CORPUS)('the engine bundle in Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('gives the answer jsdom gives on every corpus page', { timeout: 180_000 }, async () => {
    const baseUrls = readBaseUrls();
    for (const slug of corpusSlugs()) {
      const file = path.join(CORPUS_DIR, slug, 'page.html');
      const url = baseUrls.get(slug) as string;
      const page = await openPage(browser, { kind: 'file', path: file });

      const { profiles } = await extractInPage(page, { baseUrl: url });
      await page.close();

      expect({ slug, profiles: profiles.map(toPublicProfile) }).toEqual({
        slug,
        profiles: inJsdom(file, url),
      });
    }
  });
});
