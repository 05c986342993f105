import { describe, expect, it } from 'vitest';
import { classifyLink } from '../../../../extract/fields/social.ts';

describe('classifyLink', () => {
  it.each([
    ['https://www.linkedin.com/in/jane-doe/', 'linkedin'],
    ['https://de.linkedin.com/in/jane', 'linkedin'],
    ['https://linkedin.com/company/acme', 'other-network'],
    ['https://twitter.com/jane_doe', 'twitter'],
    ['https://x.com/jane', 'twitter'],
    ['https://twitter.com/intent/tweet?text=hi', 'other-network'],
    ['https://github.com/janedoe', 'github'],
    ['https://github.com/janedoe/dotfiles', 'other-network'],
    ['https://scholar.google.com/citations?user=abc', 'scholar'],
    ['https://orcid.org/0000-0002-1825-0097', 'orcid'],
    ['https://fosstodon.org/@jane', 'mastodon'],
    ['https://mastodon.example/@jane', 'mastodon'],
    ['https://janedoe.github.io/', 'web'],
    ['https://janedoe.example.com/', 'web'],
  ])('%s → %s', (url, kind) => {
    expect(classifyLink(url)).toBe(kind);
  });
});
