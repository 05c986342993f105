import { describe, expect, it } from 'vitest';
import { isHomePage, isSamePage, resolveUrl } from '../../../../extract/fields/url.ts';

describe('resolveUrl', () => {
  it.each([
    ['../../img/a.jpg', 'http://interaction14.ixda.org/img/a.jpg'],
    ['/people/jane', 'http://interaction14.ixda.org/people/jane'],
    ['//cdn.example.org/a.png', 'http://cdn.example.org/a.png'],
    ['\n/staff/\n', 'http://interaction14.ixda.org/staff/'],
    ['mailto:jane@example.org', 'mailto:jane@example.org'],
  ])('%j resolves against the page', (raw, url) => {
    expect(resolveUrl(raw, 'http://interaction14.ixda.org/about/team/')).toBe(url);
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:image/png;base64,AAAA'],
    ['#top'],
    [''],
    [`/${'a'.repeat(3000)}`],
  ])('drops %j', (raw) => {
    expect(resolveUrl(raw, 'https://example.org/')).toBeUndefined();
  });
});

describe('page URLs', () => {
  it('treats scheme, www and a trailing slash as the same page', () => {
    expect(isSamePage('http://www.example.org/team', 'https://example.org/team/')).toBe(true);
  });

  it('knows a home page from a profile page', () => {
    expect(isHomePage('https://opensciencegrid.org')).toBe(true);
    expect(isHomePage('https://example.org/index.html')).toBe(true);
    expect(isHomePage('https://example.org/people/jane/')).toBe(false);
  });
});
