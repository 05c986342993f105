import { describe, expect, it } from 'vitest';
import { singleProfile } from '../../../../extract/strategies/single-profile.ts';
import { contextOf, loadFixture } from '../helpers.ts';

describe('singleProfile', () => {
  it('reads the page owner from the main heading and the block around it', () => {
    const fixture = loadFixture('single-profile');

    const [group] = singleProfile(contextOf(fixture.html, fixture.url));

    expect(group?.profiles[0]).toMatchObject({
      name: 'Jane Q. Public',
      email: 'jqpublic@cs.example.edu',
      profileUrl: 'https://jqp.example.edu/',
      links: { github: 'https://github.com/jqpublic', twitter: 'https://twitter.com/jqpublic' },
    });
    expect(group?.profiles[0]?.provenance.email).toBe('text-pattern');
  });

  it('uses an <h2> only when the page title repeats it', () => {
    const page = (title: string) =>
      `<html><head><title>${title}</title></head><body><h2>Grace Hopper</h2><p>Rear Admiral</p></body></html>`;

    expect(singleProfile(contextOf(page('Grace Hopper | Navy')))[0]?.profiles[0]?.name).toBe('Grace Hopper');
    expect(singleProfile(contextOf(page('Our history')))).toEqual([]);
  });
});
