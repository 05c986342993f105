import { describe, expect, it } from 'vitest';
import {
  enrichmentTarget,
  hostAccessRequest,
  originPattern,
} from '../../../../services/enrichment/target.ts';

// Noon, so "the same day" means the same in every time zone the tests may run in.
const NOON = new Date(2026, 10, 25, 12).getTime();
const HOUR = 3_600_000;

describe('enrichmentTarget', () => {
  it.each([
    [
      'the profile URL first',
      { profileUrl: 'https://a.example/ada', sourceUrl: 'https://b.example/team' },
      { url: 'https://a.example/ada' },
    ],
    [
      'the page it came from when there is no profile URL',
      { sourceUrl: 'https://b.example/team' },
      { url: 'https://b.example/team' },
    ],
    [
      'the page it came from when the profile URL is not a web page',
      { profileUrl: 'javascript:alert(1)', sourceUrl: 'http://b.example/' },
      { url: 'http://b.example/' },
    ],
    [
      'nothing for a row without any web URL',
      { profileUrl: 'file:///etc/passwd' },
      { skip: 'No profile URL to open' },
    ],
    [
      'nothing for a URL that does not parse',
      { profileUrl: 'not a url' },
      { skip: 'No profile URL to open' },
    ],
  ])('opens %s', (_case, row, expected) => {
    expect(enrichmentTarget(row, NOON)).toEqual(expected);
  });

  it('skips a row enriched earlier today, and opens it again the next day', () => {
    const row = {
      profileUrl: 'https://a.example/ada',
      enrichment: { status: 'enriched' as const, at: NOON - 2 * HOUR, fieldsAdded: [] },
    };

    expect(enrichmentTarget(row, NOON)).toEqual({ skip: 'Already enriched today' });
    expect(enrichmentTarget(row, NOON + 24 * HOUR)).toEqual({ url: 'https://a.example/ada' });
  });
});

describe('originPattern', () => {
  it('asks for the whole origin of the page, port included', () => {
    expect(originPattern('http://127.0.0.1:8080/people/ada?x=1')).toBe('http://127.0.0.1:8080/*');
    expect(originPattern('https://www.example.org/a/b')).toBe('https://www.example.org/*');
  });
});

describe('hostAccessRequest', () => {
  it('asks for the host on http and https, so a redirect to https stays readable', () => {
    expect(hostAccessRequest('http://www.example.org:8080/people/ada')).toEqual({
      origins: ['*://www.example.org/*'],
    });
  });
});
