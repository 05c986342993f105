import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, HAS_CORPUS, runCorpus } from '../../../bench/extraction-corpus.ts';

// Floors a little under today's score (2026-11: F1 1.0 on every page, every field 1.0), so a change
// that loses people or fields fails here, and an improvement raises the floor.
const FLOOR = {
  microF1: 0.97,
  minPageF1: 0.9,
  title: 0.95,
  email: 0.95,
  profileUrl: 0.95,
  company: 0.9,
  imageUrl: 0.95,
};

// The corpus is shared data kept beside the repository (../shared), not in it; a clone elsewhere
// without LASSO_CORPUS_DIR cannot score it, so this block is skipped there (the fixture tests still run).
describe.skipIf(!HAS_CORPUS)(
  'extraction corpus (../shared/corpus/extraction, scored by its score.mjs)',
  () => {
    it('reads every page of the corpus', () => {
      expect(existsSync(CORPUS_DIR)).toBe(true);
    });

    it('stays at or above the recorded floor', { timeout: 180_000 }, () => {
      const { score } = runCorpus();
      const fields = score.micro.fieldAccuracy;

      expect(score.missingActual).toBe(0);
      expect(score.micro.f1).toBeGreaterThanOrEqual(FLOOR.microF1);
      expect(score.minPageF1).toBeGreaterThanOrEqual(FLOOR.minPageF1);
      expect(fields.title).toBeGreaterThanOrEqual(FLOOR.title);
      expect(fields.email).toBeGreaterThanOrEqual(FLOOR.email);
      expect(fields.profileUrl).toBeGreaterThanOrEqual(FLOOR.profileUrl);
      expect(fields.company).toBeGreaterThanOrEqual(FLOOR.company);
      expect(fields.imageUrl).toBeGreaterThanOrEqual(FLOOR.imageUrl);
    });
  },
);
