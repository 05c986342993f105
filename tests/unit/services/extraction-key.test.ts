import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CandidateGroup, Profile } from '../../../extract/profile.ts';
import { canonicalJson, extractionKey } from '../../../services/extraction-key.ts';

const URL_A = 'https://acme.example/team/';

function profile(name: string, extra: Partial<Profile> = {}): Profile {
  return {
    name,
    source: { url: URL_A, method: 'repeated-cards' },
    provenance: { name: 'heading' },
    ...extra,
  };
}

function group(profiles: Profile[], id = 'combined'): CandidateGroup {
  return { id, method: 'repeated-cards', label: 'Team', score: 3, profiles };
}

describe('canonicalJson', () => {
  it('sorts the keys of every object and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('leaves undefined members out, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('extractionKey', () => {
  it('is the SHA-256 hex of the page URL and the canonical JSON of every list of profiles', async () => {
    const groups = [group([profile('Ada Lovelace')])];
    const expected = createHash('sha256')
      .update(`${URL_A}\n${canonicalJson([groups[0]!.profiles])}`)
      .digest('hex');

    expect(await extractionKey(URL_A, groups)).toBe(expected);
  });

  it('is the same for the same result, whatever order its fields were set in', async () => {
    const one = profile('Ada Lovelace', { title: 'Engineer', email: 'ada@acme.example' });
    const sameFieldsOtherOrder: Profile = {
      email: 'ada@acme.example',
      provenance: { name: 'heading' },
      title: 'Engineer',
      source: { method: 'repeated-cards', url: URL_A },
      name: 'Ada Lovelace',
    };

    expect(await extractionKey(URL_A, [group([one])])).toBe(
      await extractionKey(URL_A, [group([sameFieldsOtherOrder])]),
    );
  });

  it('changes with the page URL, a field, the order of the people, or another list on the page', async () => {
    const ada = profile('Ada Lovelace');
    const alan = profile('Alan Turing');
    const base = await extractionKey(URL_A, [group([ada, alan])]);

    const keys = await Promise.all([
      extractionKey('https://acme.example/team/?page=2', [group([ada, alan])]),
      extractionKey(URL_A, [group([profile('Ada Lovelace', { title: 'CEO' }), alan])]),
      extractionKey(URL_A, [group([alan, ada])]),
      extractionKey(URL_A, [group([ada, alan]), group([alan], 'tables:1')]),
    ]);

    expect(new Set([base, ...keys]).size).toBe(5);
  });

  it('is a valid Idempotency-Key: 64 lower-case hex digits, nothing of the page in it', async () => {
    const key = await extractionKey(URL_A, [group([profile('Ada Lovelace')])]);

    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});
