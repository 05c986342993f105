import { memoize } from './memo.ts';

/** What a link points to, judged by its host and path. */
export type LinkKind =
  | 'linkedin'
  | 'twitter'
  | 'github'
  | 'facebook'
  | 'instagram'
  | 'youtube'
  | 'mastodon'
  | 'scholar'
  | 'orcid'
  /** A known network or service that is not a person's page (sharing, maps, stores, etc.). */
  | 'other-network'
  /** Any other http(s) page: maybe a personal site. */
  | 'web';

interface Rule {
  kind: LinkKind;
  host: RegExp;
  /** When given, the path must match for the link to be a person's page on that network. */
  personPath?: RegExp;
}

const RULES: Rule[] = [
  {
    kind: 'linkedin',
    host: /(^|\.)linkedin\.com$|^lnkd\.in$/,
    personPath: /^\/(?:in|pub|profile\/view)\/[^/]+/i,
  },
  {
    kind: 'twitter',
    host: /^(?:mobile\.)?(?:twitter|x)\.com$/,
    personPath:
      /^\/(?:#!\/)?@?(?!intent\b|share\b|hashtag\b|search\b|home\b|i\b|login\b|signup\b|settings\b|explore\b)[A-Za-z0-9_.-]{1,30}\/?$/,
  },
  {
    kind: 'github',
    host: /^github\.com$/,
    personPath:
      /^\/(?!orgs\b|topics\b|sponsors\b|features\b|about\b|login\b|marketplace\b|settings\b)[A-Za-z0-9-]{1,39}\/?$/,
  },
  {
    kind: 'facebook',
    host: /(^|\.)facebook\.com$|^fb\.com$/,
    personPath: /^\/(?!sharer|share|dialog|groups\/|events\/|pages\/create)[^/]+/,
  },
  { kind: 'instagram', host: /(^|\.)instagram\.com$/, personPath: /^\/[A-Za-z0-9_.]{1,30}\/?$/ },
  { kind: 'youtube', host: /(^|\.)youtube\.com$|^youtu\.be$/, personPath: /^\/(?:@|c\/|channel\/|user\/)/ },
  { kind: 'scholar', host: /^scholar\.google\.[a-z.]+$/, personPath: /^\/citations/ },
  { kind: 'orcid', host: /(^|\.)orcid\.org$/, personPath: /^\/\d{4}-/ },
  {
    kind: 'mastodon',
    host: /^(?:mastodon\.[a-z.]+|[a-z0-9-]+\.social|fosstodon\.org|hachyderm\.io|mstdn\.[a-z.]+|mas\.to|infosec\.exchange|sigmoid\.social|scholar\.social|masto\.ai)$/,
    personPath: /^\/@[^/]+\/?$/,
  },
  {
    kind: 'other-network',
    host: /(^|\.)(?:google\.[a-z.]+|goo\.gl|bsky\.app|threads\.net|tiktok\.com|pinterest\.[a-z.]+|reddit\.com|medium\.com|dribbble\.com|behance\.net|stackoverflow\.com|stackexchange\.com|gitlab\.com|bitbucket\.org|researchgate\.net|academia\.edu|semanticscholar\.org|dblp\.org|dblp\.uni-trier\.de|wikipedia\.org|wikimedia\.org|meetup\.com|eventbrite\.[a-z.]+|slideshare\.net|speakerdeck\.com|vimeo\.com|twitch\.tv|flickr\.com|soundcloud\.com|spotify\.com|t\.me|telegram\.me|wa\.me|whatsapp\.com|keybase\.io|xing\.com|angel\.co|wellfound\.com|crunchbase\.com|calendly\.com|gravatar\.com|skype\.com|discord\.gg|discord\.com|slack\.com|apple\.com|microsoft\.com|amazon\.[a-z.]+|creativecommons\.org|wordpress\.org|w3\.org|schema\.org|addthis\.com|sharethis\.com|disqus\.com|feedburner\.com|mailchimp\.com|doi\.org|arxiv\.org|zoom\.us|trello\.com)$/,
  },
];

/** Classifies an absolute http(s) URL by host. A network's non-profile pages count as `other-network`. */
export function classifyLink(url: string): LinkKind {
  return classified(url);
}

const classified = memoize(computeKind);

function computeKind(url: string): LinkKind {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'other-network';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'other-network';
  const host = u.hostname.toLowerCase().replace(/^www\d*\./, '');
  for (const rule of RULES) {
    if (!rule.host.test(host)) continue;
    if (rule.personPath && !rule.personPath.test(decodePath(u.pathname))) return 'other-network';
    return rule.kind;
  }
  // A Mastodon-style handle on any instance: https://host/@name
  if (/^\/@[A-Za-z0-9_.]+\/?$/.test(u.pathname)) return 'mastodon';
  return 'web';
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Icon/label hints for a link whose host says nothing (e.g. a globe icon → personal website). */
export function labelSaysWebsite(label: string): boolean {
  return /\b(?:website|web ?site|homepage|home ?page|personal (?:page|site)|site web|blog|portfolio|globe|fa-link|fa-home|fa-external-link|icon-link|icon-globe|icon-home|www)\b/i.test(
    label,
  );
}
