/**
 * Positions inside a card, comparable across the cards of one list: "r0/div:1/p:0" is the first
 * <p> of the second <div> of the card's first root. Class names are left out on purpose: they vary
 * between cards of one list ("views-row-odd").
 */
export function pathIn(el: Element, roots: readonly Element[]): string | undefined {
  const steps: string[] = [];
  let node: Element | null = el;
  for (let depth = 0; node && depth < 20; depth += 1) {
    const rootIndex = roots.indexOf(node);
    if (rootIndex >= 0) return [`r${rootIndex}`, ...steps.reverse()].join('/');
    const parent: Element | null = node.parentElement;
    if (!parent) return undefined;
    let index = 0;
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.localName === node.localName) index += 1;
    }
    steps.push(`${node.localName}:${index}`);
    node = parent;
  }
  return undefined;
}

/** The element at `path` in a card, if the card has one there. */
export function elementAt(path: string, roots: readonly Element[]): Element | undefined {
  const [first, ...steps] = path.split('/');
  let node = roots[Number((first ?? '').slice(1))];
  for (const step of steps) {
    if (!node) return undefined;
    const [tag, indexText] = step.split(':');
    let index = Number(indexText);
    let found: Element | undefined;
    for (let child = node.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName !== tag) continue;
      if (index === 0) {
        found = child;
        break;
      }
      index -= 1;
    }
    node = found;
  }
  return node;
}
