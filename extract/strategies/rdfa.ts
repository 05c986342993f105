import type { ExtractContext, RawGroup } from '../context.ts';
import type { ProfileDraft } from '../profile.ts';
import { itemProperties, localName, nestedItemText, propertyValue } from '../structured/item-scope.ts';
import { emptyProps, profileFromProps, setProp } from '../structured/person-props.ts';

const CREDIT = /^(?:author|creator|editor|publisher|contributor|maker|knows|colleague)$/;
const isScope = (el: Element) => el.hasAttribute('typeof');

function isPersonType(value: string | null): boolean {
  return value?.split(/\s+/).some((t) => /(?:^|[/#:])Person$/.test(t)) === true;
}

/**
 * RDFa (Lite and FOAF): `typeof="Person"` (schema: or foaf: prefixed, or under a vocab) with
 * `property` attributes; mbox/homepage/depiction read as e-mail, URL and photo.
 */
export function rdfa(ctx: ExtractContext): RawGroup[] {
  const profiles: ProfileDraft[] = [];
  for (const item of ctx.index().rdfaItems.slice(0, 2000)) {
    if (!isPersonType(item.getAttribute('typeof'))) continue;
    const rel = `${item.getAttribute('property') ?? ''} ${item.getAttribute('rel') ?? ''}`.trim();
    if (rel?.split(/\s+/).some((p) => CREDIT.test(localName(p)))) continue;
    const props = emptyProps();
    // Literal values sit in `property`, links (foaf:mbox, foaf:homepage) often in `rel`.
    for (const attribute of ['property', 'rel']) {
      for (const { el, names, nested } of itemProperties(item, attribute, isScope)) {
        const value = nested ? nestedItemText(el, 'property', isScope) : propertyValue(el);
        for (const name of names) setProp(props, localName(name), value);
      }
    }
    const profile = profileFromProps(props, ctx.base);
    if (profile) profiles.push(profile);
  }
  if (profiles.length === 0) return [];
  return [
    {
      method: 'rdfa',
      kind: 'structured',
      label: 'Structured data (RDFa)',
      profiles,
      score: 100 + profiles.length,
      accepted: true,
    },
  ];
}

// Fixtures: tests/fixtures/pages/rdfa-people.html (schema.org RDFa Lite and FOAF); no corpus page uses RDFa.
