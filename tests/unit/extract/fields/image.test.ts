import { describe, expect, it } from 'vitest';
import { backgroundImageOf, imageUrlOf, isPlaceholderImage } from '../../../../extract/fields/image.ts';
import { parse } from '../helpers.ts';

describe('images', () => {
  it('prefers a lazy-loaded photo over a data: spacer', () => {
    const img = parse('<img src="data:image/gif;base64,R0lGOD" data-src="/p/jane.jpg">').querySelector(
      'img',
    ) as Element;

    expect(imageUrlOf(img, 'https://example.org/team/')).toBe('https://example.org/p/jane.jpg');
  });

  it('reads a CSS background photo', () => {
    const div = parse(`<div style="background-image: url('/assets/jane.jpeg')"></div>`).querySelector(
      'div',
    ) as Element;

    expect(backgroundImageOf(div, 'https://cs.example.edu/staff/')).toBe(
      'https://cs.example.edu/assets/jane.jpeg',
    );
  });

  it.each([
    ['https://example.org/img/default-avatar.png', true],
    ['https://example.org/sites/all/themes/dtheme/images/150x150/index.png', true],
    ['https://example.org/img/placeholder.jpg', true],
    ['https://example.org/sites/default/files/pictures/picture-1.jpg', false],
    ['https://example.org/img/staff/jane.svg', false],
  ])('%s placeholder: %s', (url, placeholder) => {
    expect(isPlaceholderImage(url)).toBe(placeholder);
  });
});
