import { walkElements } from '../dom/walk.ts';
import { collapseWhitespace } from '../fields/text.ts';

/**
 * The value of a microdata / RDFa property element, as the microdata spec reads it: `content`,
 * then the URL attribute of media and link elements, then `datetime` / `value`, else the text.
 */
export function propertyValue(el: Element): string | undefined {
  const content = el.getAttribute('content');
  if (content != null) return content;
  const tag = el.localName;
  if (tag === 'a' || tag === 'area' || tag === 'link')
    return el.getAttribute('href') ?? el.getAttribute('resource') ?? undefined;
  if (
    tag === 'img' ||
    tag === 'audio' ||
    tag === 'video' ||
    tag === 'source' ||
    tag === 'embed' ||
    tag === 'iframe'
  ) {
    return el.getAttribute('src') ?? undefined;
  }
  if (tag === 'object') return el.getAttribute('data') ?? undefined;
  if (tag === 'time') return el.getAttribute('datetime') ?? collapseWhitespace(el.textContent ?? '');
  if (tag === 'data' || tag === 'meter') return el.getAttribute('value') ?? undefined;
  const resource = el.getAttribute('resource') ?? el.getAttribute('href') ?? el.getAttribute('src');
  const text = collapseWhitespace((el.textContent ?? '').slice(0, 4000));
  return text || resource || undefined;
}

/**
 * The property elements of one item: descendants carrying `attribute`, not looking inside nested
 * items (an element that opens a nested item is still a property of this one).
 */
export function itemProperties(
  item: Element,
  attribute: string,
  isScope: (el: Element) => boolean,
): Array<{ el: Element; names: string[]; nested: boolean }> {
  const out: Array<{ el: Element; names: string[]; nested: boolean }> = [];
  walkElements(
    item,
    (el) => {
      if (el === item) return true;
      const names = el.getAttribute(attribute);
      const nested = isScope(el);
      if (names) out.push({ el, names: names.trim().split(/\s+/), nested });
      return !nested;
    },
    20_000,
  );
  return out;
}

/** A property name without its vocabulary ("schema:jobTitle", "http://schema.org/jobTitle" → "jobtitle"). */
export function localName(name: string): string {
  return name.replace(/^.*[/:#]/, '').toLowerCase();
}

/** A short text for a nested item: its name, or its address parts, or its text. */
export function nestedItemText(el: Element, attribute: string, isScope: (el: Element) => boolean): string {
  const props = itemProperties(el, attribute, isScope);
  const by = (name: string) => props.find((p) => p.names.some((n) => localName(n) === name))?.el;
  const name = by('name') ?? by('legalname') ?? by('organization-name') ?? by('fn');
  if (name) return propertyValue(name) ?? '';
  const parts = ['addresslocality', 'locality', 'addressregion', 'region', 'addresscountry', 'country-name']
    .map((n) => by(n))
    .filter((e): e is Element => e !== undefined)
    .map((e) => propertyValue(e) ?? '')
    .filter(Boolean);
  if (parts.length > 0) return parts.join(', ');
  return collapseWhitespace((el.textContent ?? '').slice(0, 600));
}
