import { describe, expect, it } from 'vitest';
import {
  classifyInjectionError,
  PAGE_FAILURE_MESSAGES,
  parsePageRead,
} from '../../../services/extractor-injection.ts';

function person(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    source: { url: 'https://acme.example/team/', method: 'repeated-cards' },
    provenance: { name: 'heading' },
    ...extra,
  };
}

function read(groups: unknown[]) {
  return { ok: true, url: 'https://acme.example/team/', title: 'Team', groups };
}

function group(id: string, profiles: unknown[]) {
  return { id, method: 'repeated-cards', label: 'Our team', score: 2, profiles };
}

describe('parsePageRead', () => {
  it('returns every non-empty list, each cut to the plan limit', () => {
    const value = read([
      group('combined', [person('Ada Lovelace'), person('Alan Turing'), person('Grace Hopper')]),
      group('repeated-cards:1', []),
    ]);

    const result = parsePageRead(value, 2);

    expect(result.ok && result.groups.map((g) => g.profiles.map((p) => p.name))).toEqual([
      ['Ada Lovelace', 'Alan Turing'],
    ]);
  });

  it('caps every string of the page, however long', () => {
    const value = read([group('combined', [person(`<img src=x onerror=alert(1)>${'A'.repeat(5000)}`)])]);

    const result = parsePageRead(value, 10);

    const name = result.ok ? result.groups[0]?.profiles[0]?.name : undefined;
    expect(name?.length).toBe(300);
    expect(name?.startsWith('<img src=x onerror=alert(1)>')).toBe(true);
  });

  it('calls a result of the wrong shape a script error', () => {
    const result = parsePageRead({ ok: true, url: 'x', groups: [{ profiles: 'nope' }] }, 10);

    expect(result).toEqual({ ok: false, code: 'script_error', message: PAGE_FAILURE_MESSAGES.script_error });
  });

  it('calls no result at all (the script never answered) a script error', () => {
    expect(parsePageRead(undefined, 10)).toMatchObject({ ok: false, code: 'script_error' });
  });

  it("passes on the extractor's own failure as a script error", () => {
    expect(parsePageRead({ ok: false, error: 'boom' }, 10)).toMatchObject({
      ok: false,
      code: 'script_error',
    });
  });
});

describe('classifyInjectionError', () => {
  it.each([
    ['Cannot access a chrome:// URL', 'restricted_page'],
    ['The extensions gallery cannot be scripted.', 'restricted_page'],
    ['Cannot access a chrome-extension:// URL of different extension', 'restricted_page'],
    [
      'Cannot access contents of url "file:///home/ada/team.html". Extension manifest must request permission to access this host.',
      'file_access',
    ],
    [
      'Cannot access contents of the page. Extension manifest must request permission to access the respective host.',
      'no_access',
    ],
    ['No tab with id: 42.', 'no_tab'],
    ['Something else entirely', 'script_error'],
  ] as const)('%s → %s', (message, code) => {
    expect(classifyInjectionError(message)).toBe(code);
  });
});
