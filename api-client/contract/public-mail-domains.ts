/** The public mail providers, shared by the API's team rules and the extension's email finding. */
// Anyone can open an address on these: a team on one would let strangers join it (billing-api.md, Teams:
// public mail domains → 422 domain_not_allowed), and an address on one says nothing about an employer
// (the extension's email finding never takes one for a company domain).
const PUBLIC_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'passport.com',
  'yahoo.com',
  'ymail.com',
  'rocketmail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aim.com',
  'proton.me',
  'protonmail.com',
  'protonmail.ch',
  'pm.me',
  'tutanota.com',
  'tutanota.de',
  'tuta.io',
  'tutamail.com',
  'mail.com',
  'email.com',
  'usa.com',
  'post.com',
  'zoho.com',
  'zohomail.com',
  'fastmail.com',
  'fastmail.fm',
  'hey.com',
  'mail.ru',
  'inbox.ru',
  'list.ru',
  'bk.ru',
  'rambler.ru',
  'ya.ru',
  'qq.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'naver.com',
  'daum.net',
  'hanmail.net',
  'web.de',
  'freenet.de',
  't-online.de',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  'libero.it',
  'virgilio.it',
  'btinternet.com',
  'sky.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'hushmail.com',
  'mailfence.com',
  'posteo.de',
  'posteo.net',
  'disroot.org',
  'riseup.net',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'interia.pl',
  'onet.pl',
  'rediffmail.com',
]);

// Providers that register their brand under many country domains: gmx.de, yahoo.co.uk,
// hotmail.fr, yandex.com.tr, outlook.com.br, …
const PUBLIC_BRANDS = ['gmx', 'yandex', 'yahoo', 'hotmail', 'outlook', 'live', 'aol', 'zoho'];
const BRAND_ON_COUNTRY_DOMAIN = new RegExp(
  `^(?:${PUBLIC_BRANDS.join('|')})\\.(?:(?:co|com|ne|or)\\.)?[a-z]{2,}$`,
);

/**
 * Whether `domain` (lower-case) belongs to a public mail provider (gmail.com, gmx.de, yahoo.co.uk, …).
 * @example isPublicMailProvider('yahoo.co.uk') // true; isPublicMailProvider('acme.com') // false
 */
export function isPublicMailProvider(domain: string): boolean {
  return PUBLIC_DOMAINS.has(domain) || BRAND_ON_COUNTRY_DOMAIN.test(domain);
}
