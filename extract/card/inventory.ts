import { isImg, isLink } from '../dom/walk.ts';

/** Descendants looked at per root, as `findAll` does: a card is small, a page section is not one. */
const MAX_VISITS = 5000;
const MAX_LINKS = 60;
const MAX_IMAGES = 20;
const MAX_ALT_IMAGES = 8;

/** The elements of a card its fields are read from, in document order. */
export interface CardElements {
  /** `<a href>`: a root that is one, then those inside (at most 60 per root). */
  links: Element[];
  /** `<img>`: a root that is one, else the first 20 inside each root. */
  images: Element[];
  /** The images with an alt text (at most 8 per root): where a photo names its person. */
  altImages: Element[];
  /** A quotation (`<blockquote>`, `<q>`) in or around the card: a testimonial. */
  quoted: boolean;
}

/**
 * One walk per root for everything the card mapper looks for, instead of one walk per kind: the
 * mapper runs for every card of a list, and a list can have thousands.
 */
export function cardElements(roots: readonly Element[]): CardElements {
  const out: CardElements = { links: [], images: [], altImages: [], quoted: false };
  for (const root of roots) {
    if (root.localName === 'blockquote') out.quoted = true;
    if (isLink(root)) out.links.push(root);
    if (isImg(root)) {
      out.images.push(root);
      if (root.hasAttribute('alt')) out.altImages.push(root);
      continue;
    }
    let links = 0;
    let images = 0;
    let altImages = 0;
    const stack: Element[] = [];
    for (let child = root.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
    for (let visits = 0; stack.length > 0 && visits < MAX_VISITS; visits += 1) {
      const el = stack.pop() as Element;
      const tag = el.localName;
      if (tag === 'a') {
        if (links < MAX_LINKS && el.hasAttribute('href')) {
          out.links.push(el);
          links += 1;
        }
      } else if (tag === 'img') {
        if (images < MAX_IMAGES) {
          out.images.push(el);
          images += 1;
        }
        if (altImages < MAX_ALT_IMAGES && el.hasAttribute('alt')) {
          out.altImages.push(el);
          altImages += 1;
        }
      } else if (tag === 'blockquote' || tag === 'q') {
        out.quoted = true;
      }
      for (let child = el.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
    }
  }
  return out;
}
