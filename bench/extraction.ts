/**
 * Extraction figures (STYLE.md §10, JSON lines on stdout): the corpus score by score.mjs per page
 * and overall, and the engine's speed in headless Chromium on synthetic pages (2,000 cards among
 * 20,000 other elements; a one-profile page) beside a bare element walk as baseline. Targets are
 * printed, never asserted. Run alone with `npx tsx bench/extraction.ts [--quick]`, or from
 * `npm run bench` through `runExtractionBench`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openPage, timeInPage } from '../extract/cli/chromium.ts';
import { type PageScore, runCorpus } from './extraction-corpus.ts';
import { syntheticProfilePage, syntheticTeamPage } from './extraction-synthetic.ts';

type Figure = { name: string } & Record<string, string | number | boolean>;

function emit(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function fieldFigures(score: PageScore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, accuracy] of Object.entries(score.fieldAccuracy)) {
    out[`${field}Accuracy`] = accuracy;
    out[`${field}Count`] = score.fieldCounts[field]?.total ?? 0;
  }
  return out;
}

/** The corpus score: one line per page and one overall, targets alongside. */
export function corpusFigures(): void {
  const { runs, score } = runCorpus();
  for (const run of runs) {
    const page = score.perPage[run.slug];
    if (!page) continue;
    emit({
      name: 'extraction.corpus.page',
      page: run.slug,
      profiles: run.profiles,
      precision: page.precision,
      recall: page.recall,
      f1: page.f1,
      tp: page.tp,
      fp: page.fp,
      fn: page.fn,
      jsdomMs: round(run.extractMs, 1),
      ...fieldFigures(page),
    });
  }
  const fields = score.micro.fieldAccuracy;
  emit({
    name: 'extraction.corpus',
    pages: score.pages,
    precision: score.micro.precision,
    recall: score.micro.recall,
    f1: score.micro.f1,
    macroF1: score.macroF1,
    minPageF1: score.minPageF1,
    ...fieldFigures(score.micro),
    targetF1: 0.9,
    targetMinPageF1: 0.6,
    targetTitleAccuracy: 0.8,
    targetEmailAccuracy: 0.9,
    targetProfileUrlAccuracy: 0.9,
    met:
      score.micro.f1 >= 0.9 &&
      score.minPageF1 >= 0.6 &&
      (fields.title ?? 1) >= 0.8 &&
      (fields.email ?? 1) >= 0.9 &&
      (fields.profileUrl ?? 1) >= 0.9,
  });
}

/** Median extraction time in Chromium on the synthetic pages, first (compiling) run dropped. */
export async function speedFigures(quick: boolean): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lasso-extraction-speed-'));
  const runs = quick ? 6 : 16;
  const cases = [
    { name: 'extraction.speed.cards', cards: 2000, html: syntheticTeamPage(2000, 20_000), targetMs: 150 },
    { name: 'extraction.speed.single', cards: 1, html: syntheticProfilePage(), targetMs: 20 },
  ];
  const browser = await launchChromium();
  try {
    for (const c of cases) {
      const file = path.join(dir, `${c.name}.html`);
      writeFileSync(file, c.html);
      const page = await openPage(browser, { kind: 'file', path: file });
      const result = await timeInPage(page, { url: 'https://example.net/team/', runs });
      await page.close();
      const warm = result.runsMs.slice(1);
      const ms = median(warm);
      const baselineMs = median(result.baselineMs.slice(1));
      emit({
        name: c.name,
        cards: c.cards,
        elements: result.elements,
        profiles: result.profiles,
        runs: warm.length,
        firstRunMs: round(result.runsMs[0] ?? 0, 1),
        medianMs: round(ms, 1),
        maxMs: round(Math.max(...warm), 1),
        baselineMedianMs: round(baselineMs, 2),
        ratio: baselineMs > 0 ? round(ms / baselineMs, 1) : 0,
        targetMs: c.targetMs,
        met: ms < c.targetMs,
      });
    }
  } finally {
    await browser.close();
  }
}

/** Every extraction figure; `npm run bench` calls this. */
export async function runExtractionBench(options: { quick?: boolean } = {}): Promise<void> {
  corpusFigures();
  await speedFigures(options.quick ?? false);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runExtractionBench({ quick: process.argv.includes('--quick') }).catch((error: unknown) => {
    process.stderr.write(
      `extraction bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
