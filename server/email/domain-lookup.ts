import { Resolver } from 'node:dns/promises';

/**
 * Whether a domain can receive mail: it has a usable MX record, or else an A/AAAA record (the implicit MX
 * of RFC 5321 §5.1). Resolves false when it cannot tell (timeout, unreachable server); never rejects.
 */
export type DomainLookup = (domain: string) => Promise<boolean>;

export interface DnsLookupOptions {
  /** DNS servers as "host:port" ("127.0.0.1:5353", "[::1]:53"); the system's when absent or empty. */
  servers?: string[];
  /** Budget for one whole lookup (MX, then A/AAAA), after which it answers false. */
  timeoutMs: number;
  /** How long a definite answer is reused; 0 turns the cache off. Default 5 minutes. */
  cacheTtlMs?: number;
  /** Cache bound; the oldest entry is dropped first. Default 1000. */
  cacheEntriesMax?: number;
  /** Clock for cache expiry, in ms. Default `Date.now`. */
  now?: () => number;
}

type Answer = { kind: 'answer'; found: boolean } | { kind: 'unknown' };

const UNKNOWN: Answer = { kind: 'unknown' };
const NOT_FOUND: Answer = { kind: 'answer', found: false };
const FOUND: Answer = { kind: 'answer', found: true };

/** NXDOMAIN and NODATA are answers about the domain; every other error (timeout, SERVFAIL, refused) is not. */
function isDefiniteAbsence(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}

async function resolveAddress(resolver: Resolver, domain: string): Promise<Answer> {
  const attempts = await Promise.allSettled([resolver.resolve4(domain), resolver.resolve6(domain)]);
  if (attempts.some((attempt) => attempt.status === 'fulfilled' && attempt.value.length > 0)) return FOUND;
  const definite = attempts.every(
    (attempt) => attempt.status === 'fulfilled' || isDefiniteAbsence(attempt.reason),
  );
  return definite ? NOT_FOUND : UNKNOWN;
}

async function resolveMailHost(resolver: Resolver, domain: string): Promise<Answer> {
  try {
    const records = await resolver.resolveMx(domain);
    if (records.length === 0) return resolveAddress(resolver, domain);
    // RFC 7505: a null MX (exchange ".", which Node reports as "") says the domain takes no mail, so
    // there is no falling back to its A record.
    const usable = records.some((record) => record.exchange !== '' && record.exchange !== '.');
    return usable ? FOUND : NOT_FOUND;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENODATA') return resolveAddress(resolver, domain);
    return isDefiniteAbsence(error) ? NOT_FOUND : UNKNOWN;
  }
}

function withDeadline(answer: Promise<Answer>, timeoutMs: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve(UNKNOWN), timeoutMs);
  });
  return Promise.race([answer.catch(() => UNKNOWN), deadline]).finally(() => clearTimeout(timer));
}

/**
 * A `DomainLookup` over real DNS, with a short cache of definite answers (found, NXDOMAIN, NODATA, null
 * MX); timeouts and server failures are answered false but not cached, so the next check asks again.
 * Throws at once if a server address is malformed (a configuration error).
 */
export function createDnsLookup(options: DnsLookupOptions): DomainLookup {
  const { timeoutMs, cacheTtlMs = 5 * 60_000, cacheEntriesMax = 1000, now = Date.now } = options;
  // One try per server with c-ares' own timeout set to our budget; withDeadline still caps the whole
  // lookup, since MX and A/AAAA run one after the other and c-ares backs off between servers.
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (options.servers && options.servers.length > 0) resolver.setServers(options.servers);

  const cache = new Map<string, { found: boolean; expiresAt: number }>();
  const inFlight = new Map<string, Promise<Answer>>();

  function remember(domain: string, found: boolean): void {
    if (cacheTtlMs <= 0 || cacheEntriesMax <= 0) return;
    cache.delete(domain);
    while (cache.size >= cacheEntriesMax) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    cache.set(domain, { found, expiresAt: now() + cacheTtlMs });
  }

  return async (rawDomain: string): Promise<boolean> => {
    const domain = String(rawDomain).trim().toLowerCase().replace(/\.$/, '');
    if (domain === '' || domain.length > 253) return false;

    const cached = cache.get(domain);
    if (cached && cached.expiresAt > now()) return cached.found;
    if (cached) cache.delete(domain);

    // Many checks of one domain at once (a pasted list of colleagues) share a single query.
    let pending = inFlight.get(domain);
    if (!pending) {
      pending = withDeadline(resolveMailHost(resolver, domain), timeoutMs)
        .then((answer) => {
          if (answer.kind === 'answer') remember(domain, answer.found);
          return answer;
        })
        .finally(() => inFlight.delete(domain));
      inFlight.set(domain, pending);
    }
    const answer = await pending;
    return answer.kind === 'answer' && answer.found;
  };
}
