import type { ExtractContext, RawGroup } from '../context.ts';
import { dedupeProfiles } from '../dedup.ts';
import type { ProfileDraft } from '../profile.ts';
import { emptyProps, type PersonProps, profileFromProps, setProp } from '../structured/person-props.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const MAX_SCRIPT_CHARS = 2_000_000;
const MAX_NODES = 50_000;

// A Person under these properties is shown as a person of the page (staff, members, speakers).
const PEOPLE_PROPERTIES = new Set([
  'employee',
  'employees',
  'member',
  'members',
  'hasmember',
  'founder',
  'founders',
  'alumni',
  'mainentity',
  'about',
  'itemlistelement',
  'item',
  'performer',
  'performers',
  'organizer',
  'actor',
  'actors',
  'contactpoint',
  '@graph',
]);
// A Person under these is the author or publisher of the page, not a profile on it.
const CREDIT_PROPERTIES = new Set([
  'author',
  'creator',
  'editor',
  'publisher',
  'contributor',
  'reviewedby',
  'accountableperson',
  'copyrightholder',
  'sponsor',
  'funder',
  'provider',
  'translator',
  'maintainer',
  'lastreviewer',
  'sdpublisher',
]);

function types(node: JsonObject): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON-LD script, repairing the usual hand-written mistakes; undefined if hopeless. */
export function parseJsonLd(text: string): Json | undefined {
  if (text.length > MAX_SCRIPT_CHARS) return undefined;
  const cleaned = text
    .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/, '')
    .trim();
  const repaired = cleaned
    .replace(/,(?:\s*,)+/g, ',')
    .replace(/,\s*([}\]])/g, '$1')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: raw newlines and tabs inside strings break JSON.parse
    .replace(/[\u0000-\u001f]+/g, ' ');
  for (const attempt of [cleaned, repaired]) {
    try {
      return JSON.parse(attempt) as Json;
    } catch {
      // try the repaired text next
    }
  }
  return undefined;
}

/** The text of a JSON-LD value: a string, a number, `{@value}`, or a named thing's name. */
function textOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (isObject(value)) return textOf(value['@value'] ?? value.name ?? value.value);
  return undefined;
}

function urlOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return urlOf(value[0]);
  if (isObject(value)) return urlOf(value.url ?? value.contentUrl ?? value['@id']);
  return undefined;
}

function addressOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return addressOf(value[0]);
  if (!isObject(value)) return undefined;
  if (isObject(value.address) || typeof value.address === 'string') return addressOf(value.address);
  const parts = [value.addressLocality, value.addressRegion, value.addressCountry]
    .map(textOf)
    .filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : textOf(value.name);
}

function propsOf(node: JsonObject): PersonProps {
  const props = emptyProps();
  setProp(props, 'name', textOf(node.name));
  setProp(props, 'givenName', textOf(node.givenName));
  setProp(props, 'familyName', textOf(node.familyName));
  setProp(props, 'honorificPrefix', textOf(node.honorificPrefix));
  setProp(props, 'jobTitle', textOf(node.jobTitle) ?? textOf(node.hasOccupation));
  setProp(props, 'worksFor', textOf(node.worksFor) ?? textOf(node.affiliation));
  setProp(
    props,
    'address',
    addressOf(node.address) ?? addressOf(node.homeLocation) ?? addressOf(node.workLocation),
  );
  setProp(props, 'email', textOf(node.email));
  setProp(props, 'telephone', textOf(node.telephone));
  setProp(props, 'url', urlOf(node.url));
  setProp(props, 'image', urlOf(node.image));
  const sameAs = node.sameAs;
  for (const link of Array.isArray(sameAs) ? sameAs : [sameAs]) setProp(props, 'sameAs', urlOf(link));
  return props;
}

interface Frame {
  value: Json;
  property: string;
}

/** Every JSON object of the scripts, with the property it hangs under (iterative, bounded). */
function collectNodes(roots: Json[]): Array<{ node: JsonObject; property: string }> {
  const out: Array<{ node: JsonObject; property: string }> = [];
  // Pushed in reverse, popped in document order.
  const stack: Frame[] = roots.map((value) => ({ value, property: '' })).reverse();
  let seen = 0;
  while (stack.length > 0 && seen < MAX_NODES) {
    const { value, property } = stack.pop() as Frame;
    seen += 1;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i] as Json, property });
      continue;
    }
    if (!isObject(value)) continue;
    out.push({ node: value, property });
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i] as [string, Json];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, property: key.toLowerCase() });
    }
  }
  return out;
}

/**
 * JSON-LD: `Person` nodes at the top level, in `@graph`, as `mainEntity` of a ProfilePage, or as
 * employees / members / founders of an Organization. Authors and publishers of the page are not
 * profiles on it. Broken JSON is repaired when trivial, else skipped.
 */
export function jsonLd(ctx: ExtractContext): RawGroup[] {
  const roots: Json[] = [];
  for (const script of ctx.index().jsonLdScripts.slice(0, 200)) {
    const parsed = parseJsonLd(script.textContent ?? '');
    if (parsed !== undefined) roots.push(parsed);
  }
  if (roots.length === 0) return [];
  const nodes = collectNodes(roots);
  const creditIds = new Set<string>();
  for (const { node, property } of nodes) {
    const id = node['@id'];
    if (typeof id === 'string' && CREDIT_PROPERTIES.has(property) && Object.keys(node).length <= 2)
      creditIds.add(id);
  }
  const profiles: ProfileDraft[] = [];
  for (const { node, property } of nodes) {
    if (!types(node).includes('Person')) continue;
    if (CREDIT_PROPERTIES.has(property)) continue;
    if (property !== '' && !PEOPLE_PROPERTIES.has(property)) continue;
    const id = node['@id'];
    if (typeof id === 'string' && creditIds.has(id)) continue;
    const profile = profileFromProps(propsOf(node), ctx.base);
    if (profile) profiles.push(profile);
  }
  if (profiles.length === 0) return [];
  const people = dedupeProfiles(profiles);
  return [
    {
      method: 'json-ld',
      kind: 'structured',
      label: 'Structured data (JSON-LD)',
      profiles: people,
      score: 100 + people.length,
      accepted: true,
    },
  ];
}

// Fixtures: tests/fixtures/pages/json-ld-team.html (Organization with employees, @graph, broken
// script); no corpus page carries Person JSON-LD (osg-team has a BlogPosting only: nothing found).
