import type { ExtractContext, RawGroup } from '../context.ts';
import type { ProfileDraft } from '../profile.ts';
import { itemProperties, localName, nestedItemText, propertyValue } from '../structured/item-scope.ts';
import { emptyProps, profileFromProps, setProp } from '../structured/person-props.ts';

const CREDIT =
  /^(?:author|creator|editor|publisher|contributor|reviewedby|accountableperson|copyrightholder|sponsor|funder|provider|colleague|knows|follows|spouse|parent|children|sibling|relatedto)$/;
const isScope = (el: Element) => el.hasAttribute('itemscope');

function isPersonType(itemtype: string | null): boolean {
  return itemtype?.split(/\s+/).some((t) => /(?:^|[/#:])Person$/.test(t)) === true;
}

/** The person item's properties, mapped to a profile. */
function readPerson(item: Element, ctx: ExtractContext): ProfileDraft | null {
  const props = emptyProps();
  for (const { el, names, nested } of itemProperties(item, 'itemprop', isScope)) {
    const value = nested ? nestedItemText(el, 'itemprop', isScope) : propertyValue(el);
    for (const name of names) setProp(props, localName(name), value);
  }
  return profileFromProps(props, ctx.base);
}

/**
 * Microdata: `itemscope itemtype=".../Person"` items, except people credited on the page (authors,
 * publishers) or only linked from another person (colleagues).
 */
export function microdata(ctx: ExtractContext): RawGroup[] {
  const profiles: ProfileDraft[] = [];
  for (const item of ctx.index().microdataItems.slice(0, 2000)) {
    if (!isPersonType(item.getAttribute('itemtype'))) continue;
    const prop = item.getAttribute('itemprop');
    if (prop?.split(/\s+/).some((p) => CREDIT.test(localName(p)))) continue;
    const profile = readPerson(item, ctx);
    if (profile) profiles.push(profile);
  }
  if (profiles.length === 0) return [];
  return [
    {
      method: 'microdata',
      kind: 'structured',
      label: 'Structured data (microdata)',
      profiles,
      score: 100 + profiles.length,
      accepted: true,
    },
  ];
}

// Fixtures: schemaorg-person-microdata (corpus); tests/fixtures/pages/microdata-people.html.
