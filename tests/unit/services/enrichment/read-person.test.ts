import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { NO_PERSON, readPersonFromHtml } from '../../../../services/enrichment/read-person.ts';
import { loadFixture } from '../../extract/helpers.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STAFF_PROFILE = readFileSync(
  path.join(HERE, '../../../fixtures/enrichment/staff-profile.html'),
  'utf8',
);
const STAFF_URL = 'https://northwind-analytics.example/people/amara-okafor/';

/** The DOMParser of a browser, as the offscreen document has it. */
const parser = new new JSDOM('').window.DOMParser();

describe('readPersonFromHtml on a realistic staff profile page', () => {
  it('reads the page’s person, not the related people beside her', () => {
    const read = readPersonFromHtml(STAFF_PROFILE, { url: STAFF_URL, name: 'Amara Okafor' }, parser);

    expect(read).toMatchObject({
      ok: true,
      profile: {
        name: 'Amara Okafor',
        title: 'Head of Data Platform',
        company: 'Northwind Analytics',
        location: 'Rotterdam, Netherlands',
        email: 'amara.okafor@northwind-analytics.example',
        phone: '+31 10 456 7890',
        imageUrl: 'https://northwind-analytics.example/media/people/amara-okafor-480.jpg',
        links: {
          linkedin: 'https://www.linkedin.com/in/amara-okafor-data/',
          github: 'https://github.com/aokafor',
        },
        source: { url: STAFF_URL, method: 'single-profile' },
        provenance: { title: 'card-text', email: 'contact-link' },
      },
    });
  });

  it('resolves relative links against the final URL it is given', () => {
    const read = readPersonFromHtml(STAFF_PROFILE, { url: 'https://moved.example/team/amara' }, parser);

    expect(read.ok && read.profile.imageUrl).toBe('https://moved.example/media/people/amara-okafor-480.jpg');
  });

  it('returns plain data that survives a message between extension contexts', () => {
    const read = readPersonFromHtml(STAFF_PROFILE, { url: STAFF_URL }, parser);

    expect(structuredClone(read)).toEqual(read);
    expect(JSON.parse(JSON.stringify(read))).toEqual(read);
  });

  it('refuses a page about someone else rather than filling the row with their details', () => {
    const read = readPersonFromHtml(STAFF_PROFILE, { url: STAFF_URL, name: 'Grace Hopper' }, parser);

    expect(read).toEqual({ ok: false, reason: 'That page is about Amara Okafor, not Grace Hopper' });
  });
});

describe('readPersonFromHtml on other pages', () => {
  it('matches a spelling of the row’s name with a middle initial', () => {
    const { html, url } = loadFixture('single-profile');

    const read = readPersonFromHtml(html, { url, name: 'Jane Public' }, parser);

    expect(read.ok && read.profile.name).toBe('Jane Q. Public');
  });

  it('picks the row’s person on a page that lists several people', () => {
    const { html, url } = loadFixture('cards-team');
    const expected = loadFixture('cards-team').profiles[1]!;

    const read = readPersonFromHtml(html, { url, name: expected.name }, parser);

    expect(read.ok && read.profile.name).toBe(expected.name);
  });

  it('says it cannot choose on a list page when it has no name to look for', () => {
    const { html, url } = loadFixture('cards-team');

    const read = readPersonFromHtml(html, { url }, parser);

    expect(read.ok).toBe(false);
    expect(read.ok || read.reason).toMatch(/lists \d+ people/);
  });

  it('finds no person on a page without one', () => {
    const html =
      '<html><head><title>Pricing</title></head><body><h1>Plans and pricing</h1><p>From €9</p></body></html>';

    expect(readPersonFromHtml(html, { url: 'https://example.org/pricing', name: 'Ada' }, parser)).toEqual({
      ok: false,
      reason: NO_PERSON,
    });
  });
});
