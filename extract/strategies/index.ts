import type { Strategy } from '../context.ts';
import type { ExtractionMethod } from '../profile.ts';
import { hCard } from './h-card.ts';
import { jsonLd } from './json-ld.ts';
import { microdata } from './microdata.ts';
import { rdfa } from './rdfa.ts';
import { repeatedCards } from './repeated-cards.ts';
import { singleProfile } from './single-profile.ts';
import { tables } from './tables.ts';

/**
 * Every page shape the engine knows, most trusted first: structured data, then lists on the page,
 * then the page's one person. Adding a shape means one file, one line here and one fixture.
 */
export const STRATEGIES: ReadonlyArray<{ id: ExtractionMethod; run: Strategy }> = [
  { id: 'json-ld', run: jsonLd },
  { id: 'microdata', run: microdata },
  { id: 'rdfa', run: rdfa },
  { id: 'h-card', run: hCard },
  { id: 'tables', run: tables },
  { id: 'repeated-cards', run: repeatedCards },
  { id: 'single-profile', run: singleProfile },
];
