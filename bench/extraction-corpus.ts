/**
 * Runs the extraction engine on every page of the extraction corpus (../shared/corpus/extraction)
 * in jsdom, writes `<slug>/actual.json` files and scores them with the corpus's own score.mjs — the
 * script that also judges the held-back pages. Used by `npm run bench` and the corpus regression test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { extractProfiles, toPublicProfile } from '../extract/index.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The developer corpus lives in the shared folder beside the repository, not in it (third-party
 * pages). LASSO_CORPUS_DIR points elsewhere, e.g. for a clone that is not next to ../shared.
 */
const CORPUS_CANDIDATES = [
  process.env.LASSO_CORPUS_DIR,
  path.resolve(REPO_ROOT, '../shared/corpus/extraction'),
  '/work/shared/corpus/extraction',
].filter((dir): dir is string => Boolean(dir));
export const CORPUS_DIR =
  CORPUS_CANDIDATES.find((dir) => existsSync(path.join(dir, 'README.md'))) ?? CORPUS_CANDIDATES[0]!;
/** Whether the corpus was found (tests that score it cannot run without it). */
export const HAS_CORPUS = existsSync(path.join(CORPUS_DIR, 'README.md'));

export interface FieldCount {
  correct: number;
  total: number;
}

/** One page's score as score.mjs prints it. */
export interface PageScore {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
  fieldAccuracy: Record<string, number>;
  fieldCounts: Record<string, FieldCount>;
  missed?: string[];
  spurious?: string[];
}

/** The corpus score as score.mjs prints it. */
export interface CorpusScore {
  pages: number;
  missingActual: number;
  micro: PageScore;
  macroF1: number;
  minPageF1: number;
  perPage: Record<string, PageScore>;
}

/** `slug → baseUrl`, read from the corpus README ("### `slug`" … "- baseUrl: https://…"). */
export function readBaseUrls(corpusDir = CORPUS_DIR): Map<string, string> {
  const readme = readFileSync(path.join(corpusDir, 'README.md'), 'utf8');
  const out = new Map<string, string>();
  let slug: string | undefined;
  for (const line of readme.split('\n')) {
    const heading = /^###\s+`([^`]+)`/.exec(line);
    if (heading) slug = heading[1];
    const base = /^-\s*baseUrl:\s*(\S+)/.exec(line);
    if (base?.[1] && slug) out.set(slug, base[1]);
  }
  return out;
}

/** The corpus pages (folders holding page.html and expected.json), sorted. */
export function corpusSlugs(corpusDir = CORPUS_DIR): string[] {
  return readdirSync(corpusDir)
    .filter(
      (name) =>
        existsSync(path.join(corpusDir, name, 'page.html')) &&
        existsSync(path.join(corpusDir, name, 'expected.json')),
    )
    .sort();
}

export interface PageRun {
  slug: string;
  baseUrl: string;
  profiles: number;
  /** Parse + extraction time in jsdom, for orientation only (the speed bar is measured in Chromium). */
  extractMs: number;
}

/** Extracts every page into `<outDir>/<slug>/actual.json`. */
export function extractCorpus(outDir: string, corpusDir = CORPUS_DIR): PageRun[] {
  const baseUrls = readBaseUrls(corpusDir);
  const runs: PageRun[] = [];
  for (const slug of corpusSlugs(corpusDir)) {
    const baseUrl = baseUrls.get(slug) ?? `https://example.invalid/${slug}/`;
    const html = readFileSync(path.join(corpusDir, slug, 'page.html'), 'utf8');
    const dom = new JSDOM(html, { url: baseUrl });
    const started = performance.now();
    const profiles = extractProfiles(dom.window.document, { url: baseUrl }).map(toPublicProfile);
    const extractMs = performance.now() - started;
    dom.window.close();
    mkdirSync(path.join(outDir, slug), { recursive: true });
    writeFileSync(path.join(outDir, slug, 'actual.json'), `${JSON.stringify(profiles, null, 2)}\n`);
    runs.push({ slug, baseUrl, profiles: profiles.length, extractMs });
  }
  return runs;
}

/** Scores a folder of actual.json files with the corpus's score.mjs (run as its own process). */
export function scoreCorpus(actualDir: string, corpusDir = CORPUS_DIR): CorpusScore {
  const out = execFileSync(
    process.execPath,
    [path.join(corpusDir, 'score.mjs'), '--dir', corpusDir, '--actual-dir', actualDir],
    { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
  );
  return JSON.parse(out) as CorpusScore;
}

/** Extracts and scores the whole corpus; the actual.json files stay in the returned directory. */
export function runCorpus(corpusDir = CORPUS_DIR): { dir: string; runs: PageRun[]; score: CorpusScore } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lasso-extraction-'));
  const runs = extractCorpus(dir, corpusDir);
  return { dir, runs, score: scoreCorpus(dir, corpusDir) };
}
