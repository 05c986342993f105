import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { createContext, type ExtractContext } from '../../../extract/context.ts';

export const FIXTURES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/pages',
);

/** A jsdom Document for `html` (scripts never run; nothing is fetched). */
export function parse(html: string, url = 'https://example.org/team/'): Document {
  return new JSDOM(html, { url }).window.document;
}

/** The extraction context of `html`, for calling one strategy alone. */
export function contextOf(html: string, url = 'https://example.org/team/'): ExtractContext {
  return createContext(parse(html, url), url);
}

export interface Fixture {
  name: string;
  html: string;
  url: string;
  profiles: Array<Record<string, unknown> & { name: string }>;
}

/** tests/fixtures/pages/<name>.html with its <name>.expected.json ({url, profiles}). */
export function loadFixture(name: string): Fixture {
  const html = readFileSync(path.join(FIXTURES_DIR, `${name}.html`), 'utf8');
  const expected = JSON.parse(readFileSync(path.join(FIXTURES_DIR, `${name}.expected.json`), 'utf8')) as {
    url: string;
    profiles: Fixture['profiles'];
  };
  return { name, html, url: expected.url, profiles: expected.profiles };
}
