import type { ExtractContext, RawGroup } from '../context.ts';
import { findFirst, walkElements } from '../dom/walk.ts';
import { collapseWhitespace } from '../fields/text.ts';
import type { ProfileDraft } from '../profile.ts';
import { emptyProps, type PersonProps, profileFromProps, setProp } from '../structured/person-props.ts';

const ROOT = /(?:^|\s)(?:h-card|vcard)(?:\s|$)/;
// microformats2 property classes, and the classic hCard ones they replace.
const MF2 = /^(?:p|u|e|dt)-([a-z-]+)$/;
const CLASSIC = new Set([
  'fn',
  'given-name',
  'family-name',
  'title',
  'role',
  'org',
  'organization-name',
  'email',
  'url',
  'photo',
  'tel',
  'locality',
  'region',
  'country-name',
  'adr',
]);
const MF2_NAMES: Record<string, string> = {
  name: 'name',
  'given-name': 'given-name',
  'family-name': 'family-name',
  'job-title': 'job-title',
  role: 'role',
  org: 'org',
  email: 'email',
  url: 'url',
  photo: 'photo',
  tel: 'tel',
  locality: 'locality',
  adr: 'adr',
  'country-name': 'country-name',
  region: 'region',
};

function isRoot(el: Element): boolean {
  const cls = el.getAttribute('class');
  return cls != null && ROOT.test(cls);
}

function propertyNames(el: Element): string[] {
  const cls = el.getAttribute('class');
  if (!cls) return [];
  const out: string[] = [];
  for (const token of cls.split(/\s+/)) {
    const mf2 = MF2.exec(token);
    if (mf2?.[1] && MF2_NAMES[mf2[1]]) out.push(MF2_NAMES[mf2[1]] as string);
    else if (CLASSIC.has(token)) out.push(token);
  }
  return out;
}

function propertyText(el: Element, property: string): string | undefined {
  if (property === 'email' || property === 'url' || property === 'photo' || property === 'tel') {
    const attr =
      el.getAttribute('href') ??
      el.getAttribute('src') ??
      el.getAttribute('data') ??
      el.getAttribute('value');
    if (attr) return attr;
  }
  // Text properties (p-*) read the text, not the href as microdata would.
  if (el.localName === 'img' || el.localName === 'area') return el.getAttribute('alt') ?? undefined;
  if (el.localName === 'abbr' && el.hasAttribute('title')) return el.getAttribute('title') ?? undefined;
  if (el.localName === 'data' || el.localName === 'meta')
    return el.getAttribute('value') ?? el.getAttribute('content') ?? undefined;
  return collapseWhitespace((el.textContent ?? '').slice(0, 2000));
}

const KEY: Record<string, string> = {
  'given-name': 'givenName',
  'family-name': 'familyName',
  'job-title': 'jobTitle',
  'organization-name': 'org',
  'country-name': 'locality',
  region: 'locality',
};

function readCard(root: Element): PersonProps {
  const props = emptyProps();
  const places: string[] = [];
  walkElements(
    root,
    (el) => {
      if (el !== root && isRoot(el)) {
        // A nested h-card is a property (p-org h-card): its name is the value.
        for (const property of propertyNames(el)) {
          if (property === 'org')
            setProp(props, 'org', collapseWhitespace(el.textContent ?? '').slice(0, 300));
        }
        return false;
      }
      for (const property of propertyNames(el)) {
        const value = propertyText(el, property);
        if (property === 'locality' || property === 'region' || property === 'country-name') {
          if (value) places.push(collapseWhitespace(value));
          continue;
        }
        setProp(props, KEY[property] ?? property, value);
      }
      return true;
    },
    5000,
  );
  if (places.length > 0) setProp(props, 'locality', places.join(', '));
  if (!props.name && !props.givenName) setProp(props, 'name', impliedName(root));
  // microformats2 implied u-url: a card that is a link points at the person.
  if (!props.url && root.localName === 'a') setProp(props, 'url', root.getAttribute('href') ?? undefined);
  return props;
}

/** The microformats2 implied name: an image's alt, else the text of a small root. */
function impliedName(root: Element): string | undefined {
  if (root.localName === 'img') return root.getAttribute('alt') ?? undefined;
  const text = collapseWhitespace((root.textContent ?? '').slice(0, 200));
  if (text && text.length <= 80) return text;
  const img = findFirst(root, (el) => el.localName === 'img' && el.hasAttribute('alt'));
  return img?.getAttribute('alt') ?? undefined;
}

function hasAncestorIn(el: Element, set: Set<Element>): boolean {
  for (let node = el.parentElement; node; node = node.parentElement) if (set.has(node)) return true;
  return false;
}

/** Authors of posts (`p-author` inside an h-entry) are credits, not profiles on the page. */
function isPostAuthor(el: Element): boolean {
  const cls = el.getAttribute('class') ?? '';
  if (!/(?:^|\s)(?:p-author|u-author|author)(?:\s|$)/.test(cls)) return false;
  for (let node = el.parentElement; node; node = node.parentElement) {
    if (node.localName === 'article' || /(?:^|\s)h-?entry(?:\s|$)/.test(node.getAttribute('class') ?? ''))
      return true;
  }
  return false;
}

/** microformats: h-card (mf2) and classic hCard (vcard) people; nested cards are organisations. */
export function hCard(ctx: ExtractContext): RawGroup[] {
  const profiles: ProfileDraft[] = [];
  const roots = ctx.index().hCards.slice(0, 2000);
  const rootSet = new Set(roots);
  for (const root of roots) {
    if (isPostAuthor(root)) continue;
    if (hasAncestorIn(root, rootSet)) continue;
    const props = readCard(root);
    const profile = profileFromProps(props, ctx.base);
    if (profile) profiles.push(profile);
  }
  if (profiles.length === 0) return [];
  return [
    {
      method: 'h-card',
      kind: 'structured',
      label: 'Structured data (h-card)',
      profiles,
      score: 90 + profiles.length,
      accepted: true,
    },
  ];
}

// Fixtures: tests/fixtures/pages/h-card-people.html (mf2 h-card and classic vcard); no corpus page uses them.
