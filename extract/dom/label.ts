import { collapseWhitespace } from '../fields/text.ts';
import { findAll, headingLevel } from './walk.ts';

const MAX_LABEL_CHARS = 80;

function headingText(el: Element): string {
  return collapseWhitespace((el.textContent ?? '').slice(0, 400)).slice(0, MAX_LABEL_CHARS);
}

/** The last heading inside `el` (h1–h6), if any. */
function lastHeadingIn(el: Element): Element | null {
  const all = findAll(el, (child) => headingLevel(child) > 0, 20, 400);
  return all[all.length - 1] ?? null;
}

/**
 * The heading a reader sees above `el` ("Executive Team", "Speakers"): the nearest preceding
 * heading among its previous siblings, then its ancestors' previous siblings. '' if none.
 */
export function labelOf(el: Element): string {
  let node: Element | null = el;
  for (let level = 0; node && level < 6; level += 1) {
    let sibling = node.previousElementSibling;
    for (let steps = 0; sibling && steps < 25; steps += 1) {
      if (headingLevel(sibling)) return headingText(sibling);
      const inner =
        sibling.childElementCount > 0 && sibling.childElementCount < 50 ? lastHeadingIn(sibling) : null;
      if (inner) return headingText(inner);
      sibling = sibling.previousElementSibling;
    }
    node = node.parentElement;
    if (node && headingLevel(node)) return headingText(node);
  }
  return '';
}
