import { describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS, MAX_URL_CHARS } from '../../../extract/fields/text.ts';
import { extractProfiles, type Profile } from '../../../extract/index.ts';
import { parse } from './helpers.ts';

const URL_FIELDS = new Set(['profileUrl', 'imageUrl']);

/** Every value is a plain string within its cap. */
function expectPlainStrings(profiles: Profile[]): void {
  for (const profile of profiles) {
    for (const [key, value] of Object.entries(profile)) {
      if (key === 'source' || key === 'provenance') continue;
      if (key === 'links') {
        for (const url of Object.values(value as Record<string, unknown>)) {
          expect(typeof url).toBe('string');
          expect((url as string).length).toBeLessThanOrEqual(MAX_URL_CHARS);
        }
        continue;
      }
      expect(typeof value).toBe('string');
      expect((value as string).length).toBeLessThanOrEqual(
        URL_FIELDS.has(key) ? MAX_URL_CHARS : MAX_FIELD_CHARS,
      );
    }
  }
}

/** Extracts and reports the time; the bound is generous (jsdom on a shared CI machine), a hang is not. */
function timed(html: string): { profiles: Profile[]; ms: number } {
  const doc = parse(html);
  const started = performance.now();
  const profiles = extractProfiles(doc, { url: 'https://hostile.example/' });
  return { profiles, ms: performance.now() - started };
}

const cards = (count: number, title = 'Engineer') =>
  Array.from(
    { length: count },
    (_, i) =>
      `<div class="card"><img src="/p/${i}.jpg" alt=""><h3>Person Number${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}</h3><p>${title}</p></div>`,
  ).join('');

describe('hostile pages', () => {
  it('survives 10 MB of HTML', { timeout: 180_000 }, () => {
    const filler = `<p>${'lorem ipsum dolor sit amet '.repeat(40)}</p>`.repeat(9500);

    const { profiles, ms } = timed(`<main><div class="team">${cards(20)}</div>${filler}</main>`);

    expect(profiles).toHaveLength(20);
    expect(ms).toBeLessThan(30_000);
  });

  it('survives 100,000 elements in one line and in a flat list', { timeout: 180_000 }, () => {
    const inline = `<div>${'<span>x</span>'.repeat(50_000)}</div>`;
    const flat = `<ul>${'<li>item</li>'.repeat(50_000)}</ul>`;

    const { profiles, ms } = timed(`${inline}${flat}<div class="team">${cards(5)}</div>`);

    expect(profiles).toHaveLength(5);
    expect(ms).toBeLessThan(30_000);
  });

  it('survives markup nested 5,000 deep', { timeout: 180_000 }, () => {
    const deep = `${'<div>'.repeat(5000)}<h3>Deep Person</h3>${'</div>'.repeat(5000)}`;

    const { profiles, ms } = timed(`${deep}<div class="team">${cards(3)}</div>`);

    expect(profiles.length).toBeGreaterThanOrEqual(3);
    expect(ms).toBeLessThan(30_000);
  });

  it('returns markup and script in names and titles as inert text, or not at all', () => {
    const html = `<div class="team">
      <div class="c"><h3>&lt;img src=x onerror=alert(1)&gt;</h3><p>CEO</p></div>
      <div class="c"><h3>Jane Doe</h3><p>&lt;script&gt;alert(1)&lt;/script&gt; Engineer</p><img src="javascript:alert(1)"></div>
      <div class="c"><h3>Bob Smith</h3><p>CTO</p><a href="javascript:alert(2)"><i class="fa fa-globe"></i></a></div>
      <div class="c"><h3>Ana Lopez</h3><p>CFO</p><a href="data:text/html,hi">site</a></div></div>`;

    const { profiles } = timed(html);

    expect(profiles.map((p) => p.name)).toEqual(['Jane Doe', 'Bob Smith', 'Ana Lopez']);
    expect(profiles[0]?.title).toBe('<script>alert(1)</script> Engineer');
    expect(profiles.some((p) => p.imageUrl || p.links)).toBe(false);
    expectPlainStrings(profiles);
  });

  it('caps huge field values and drops huge URLs', () => {
    const long = 'Senior Engineer '.repeat(1000);
    const html = `<div class="team">${[1, 2, 3]
      .map(
        (i) =>
          `<div class="c"><a href="/p/${'x'.repeat(5000)}"><h3>Person Name${String.fromCharCode(64 + i)}x</h3></a><p>${long}</p><img src="/p/${i}.jpg"></div>`,
      )
      .join('')}</div>`;

    const { profiles } = timed(html);

    expect(profiles).toHaveLength(3);
    expect(profiles[0]?.profileUrl).toBeUndefined();
    expectPlainStrings(profiles);
  });

  it('survives broken and enormous JSON-LD', () => {
    const html = `<script type="application/ld+json">{"@type":"Person","name":"A B",</script>
      <script type="application/ld+json">${'['.repeat(100_000)}</script>
      <script type="application/ld+json">{"@type":"Person","name":{"@value":{"x":[1,2,3]}},"sameAs":[null,1,{"a":"b"}]}</script>
      <script type="application/ld+json">{"@type":"Person","name":"Cara Diaz","image":"javascript:alert(1)","url":"data:x"}</script>`;

    const { profiles } = timed(html);

    expect(profiles.map((p) => p.name)).toEqual(['Cara Diaz']);
    expect(profiles[0]?.imageUrl).toBeUndefined();
    expectPlainStrings(profiles);
  });
});
