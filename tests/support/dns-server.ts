import { createSocket } from 'node:dgram';
import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';

/** Records per domain name. `mx: ['.']` publishes a null MX (RFC 7505). */
export type DnsZone = Record<string, { mx?: string[]; a?: string[] }>;

export interface DnsServer {
  /** "127.0.0.1:<port>", as BILLING_DNS_SERVERS and `createDnsLookup({ servers })` take it. */
  address: string;
  setZone(zone: DnsZone): void;
  close(): Promise<void>;
}

const RCODE_NXDOMAIN = 3;

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function normalizeZone(zone: DnsZone): Map<string, { mx?: string[]; a?: string[] }> {
  return new Map(Object.entries(zone).map(([name, records]) => [normalizeName(name), records]));
}

function answersFor(question: Question, records: { mx?: string[]; a?: string[] }): Answer[] {
  const base = { name: question.name, ttl: 60 } as const;
  if (question.type === 'MX') {
    return (records.mx ?? []).map((exchange, index) => ({
      ...base,
      type: 'MX' as const,
      data: { preference: exchange === '.' ? 0 : 10 * (index + 1), exchange },
    }));
  }
  if (question.type === 'A')
    return (records.a ?? []).map((ip) => ({ ...base, type: 'A' as const, data: ip }));
  // AAAA and every other type: the name exists but holds no such record (NODATA).
  return [];
}

function respond(query: Packet, zone: Map<string, { mx?: string[]; a?: string[] }>): Buffer {
  const question = query.questions?.[0];
  const records = question ? zone.get(normalizeName(question.name)) : undefined;
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: records ? flags : flags | RCODE_NXDOMAIN,
    questions: query.questions ?? [],
    answers: question && records ? answersFor(question, records) : [],
  });
}

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) that answers MX, A and AAAA from `zone`, with
 * NXDOMAIN for names it does not hold, matched case-insensitively. Lets tests exercise real resolvers
 * over the real protocol without touching the network.
 */
export async function startDnsServer(zone: DnsZone): Promise<DnsServer> {
  let records = normalizeZone(zone);
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    let query: Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // Not DNS: drop it, as a real server would.
    }
    socket.send(respond(query, records), remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return {
    address: `127.0.0.1:${socket.address().port}`,
    setZone(next) {
      records = normalizeZone(next);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
