/** Synthetic pages for the extraction speed figures (issue "Profile extraction", quality bar). */

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Radia',
  'Tim',
  'Frances',
  'Edsger',
  'Lynn',
  'Donald',
  'Sophie',
  'Guido',
  'Hedy',
  'Niklaus',
  'Jean',
  'Shafi',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Perlman',
  'Berners',
  'Allen',
  'Dijkstra',
  'Conway',
  'Knuth',
  'Wilson',
  'Rossum',
  'Lamarr',
  'Wirth',
  'Sammet',
  'Goldwasser',
];
const ROLES = [
  'Software Engineer',
  'Product Manager',
  'Research Scientist',
  'Head of Design',
  'Data Analyst',
];

/** The i-th distinct synthetic person name ("Ada Lovelace", …, then "Ada Lovelace-Turing" …). */
function personName(i: number): string {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
  const round = Math.floor(i / (FIRST.length * LAST.length));
  return round === 0
    ? `${first} ${last}`
    : `${first} ${last}-${LAST[round % LAST.length]}${round > LAST.length ? round : ''}`;
}

function card(i: number): string {
  const slug = `person-${i}`;
  return (
    `<div class="team-card"><a href="/people/${slug}/"><img src="/img/${slug}.jpg" alt="${personName(i)}" width="200" height="200"></a>` +
    `<h3 class="name"><a href="/people/${slug}/">${personName(i)}</a></h3><p class="role">${ROLES[i % ROLES.length]}</p>` +
    `<p class="links"><a href="mailto:${slug}@example.net">email</a> <a href="https://twitter.com/${slug.replace('-', '_')}">Twitter</a></p></div>`
  );
}

/** Chrome around the cards: navigation, article text, a footer — `count` elements of it. */
function noise(count: number): string {
  const parts: string[] = ['<nav class="site-nav"><ul>'];
  let made = 2;
  for (let i = 0; made < count / 4; i += 1, made += 2)
    parts.push(`<li><a href="/section/${i}/">Section ${i}</a></li>`);
  parts.push('</ul></nav><article>');
  for (let i = 0; made < count - 2; i += 1, made += 3) {
    parts.push(
      `<p>Paragraph ${i} of the page, with <em>emphasis</em> and <a href="/doc/${i}">a link</a>.</p>`,
    );
  }
  parts.push('</article><footer class="site-footer"><p>© Example</p></footer>');
  return parts.join('');
}

/** A team page: `cards` person cards (9 elements each) inside `otherElements` other elements. */
export function syntheticTeamPage(cards: number, otherElements: number): string {
  const grid = Array.from({ length: cards }, (_, i) => card(i)).join('');
  return `<!doctype html><html><head><title>Team</title></head><body>${noise(otherElements / 2)}<main><h1>Our team</h1><div class="grid">${grid}</div></main>${noise(otherElements / 2)}</body></html>`;
}

/** One person's page: heading, role, contact links, a little chrome. */
export function syntheticProfilePage(): string {
  return `<!doctype html><html><head><title>Ada Lovelace | Example Lab</title></head><body>${noise(200)}
    <main><div class="profile"><img src="/img/ada.jpg" alt="Ada Lovelace"><h1>Ada Lovelace</h1>
    <p>Research Scientist</p><p>Example Lab</p><a href="mailto:ada@example.net">ada@example.net</a>
    <a href="https://github.com/ada">GitHub</a></div><h2>Publications</h2><ul><li>Notes on the Analytical Engine, 1843</li></ul></main></body></html>`;
}
