import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDnsLookup } from '../../../../server/email/domain-lookup.ts';
import { type DnsServer, startDnsServer } from '../../../support/dns-server.ts';

const TIMEOUT_MS = 300;

/** A UDP socket that takes queries and never answers, like a firewalled or overloaded server. */
async function startSilentServer(): Promise<{ address: string; socket: Socket }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${socket.address().port}`, socket };
}

/** A loopback port nothing listens on: queries to it are refused by the kernel. */
async function closedPortAddress(): Promise<string> {
  const { address, socket } = await startSilentServer();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return address;
}

/** Forwards queries to `target` and relays its replies, or drops them while told to (a lossy network). */
async function startRelay(target: string) {
  const targetPort = Number(target.split(':')[1]);
  const { address, socket } = await startSilentServer();
  const clients = new Map<number, { port: number; address: string }>();
  let dropping = false;
  socket.on('message', (message, remote) => {
    const id = message.readUInt16BE(0);
    if (remote.port === targetPort) {
      const client = clients.get(id);
      if (client) socket.send(message, client.port, client.address);
      return;
    }
    if (dropping) return;
    clients.set(id, remote);
    socket.send(message, targetPort, '127.0.0.1');
  });
  return {
    address,
    setDropping(value: boolean) {
      dropping = value;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

describe('createDnsLookup against a local DNS server', () => {
  let server: DnsServer;

  beforeAll(async () => {
    server = await startDnsServer({
      'acme.com': { mx: ['mx1.acme.com', 'mx2.acme.com'] },
      'a-only.com': { a: ['192.0.2.10'] },
      'null-mx.com': { mx: ['.'], a: ['192.0.2.20'] },
      'no-records.com': {},
    });
  });

  afterAll(async () => {
    await server.close();
  });

  function lookup() {
    return createDnsLookup({ servers: [server.address], timeoutMs: 2000, cacheTtlMs: 0 });
  }

  it('finds a domain with an MX record', async () => {
    expect(await lookup()('acme.com')).toBe(true);
  });

  it('matches names case-insensitively', async () => {
    expect(await lookup()('ACME.Com')).toBe(true);
  });

  it('falls back to the A record when there is no MX', async () => {
    expect(await lookup()('a-only.com')).toBe(true);
  });

  it('rejects a domain that publishes a null MX, even with an A record', async () => {
    expect(await lookup()('null-mx.com')).toBe(false);
  });

  it('rejects a domain that does not exist', async () => {
    expect(await lookup()('nowhere.example')).toBe(false);
  });

  it('rejects a domain that exists but has neither MX nor address', async () => {
    expect(await lookup()('no-records.com')).toBe(false);
  });

  it('rejects an empty or oversized name without asking', async () => {
    const check = lookup();

    const answers = await Promise.all([check(''), check(`${'a'.repeat(250)}.com`)]);

    expect(answers).toEqual([false, false]);
  });
});

describe('createDnsLookup caching', () => {
  let server: DnsServer;

  beforeAll(async () => {
    server = await startDnsServer({});
  });

  beforeEach(() => {
    server.setZone({ 'acme.com': { mx: ['mx.acme.com'] } });
  });

  afterAll(async () => {
    await server.close();
  });

  it('reuses an answer within its lifetime and asks again after it', async () => {
    let nowMs = 0;
    const lookup = createDnsLookup({
      servers: [server.address],
      timeoutMs: 2000,
      cacheTtlMs: 1000,
      now: () => nowMs,
    });
    expect(await lookup('acme.com')).toBe(true);

    server.setZone({});
    nowMs = 999;
    const cached = await lookup('acme.com');
    nowMs = 1000;
    const fresh = await lookup('acme.com');

    expect(cached).toBe(true);
    expect(fresh).toBe(false);
  });

  it('does not cache a timeout: the next check asks again', async () => {
    const relay = await startRelay(server.address);
    const lookup = createDnsLookup({ servers: [relay.address], timeoutMs: TIMEOUT_MS });
    relay.setDropping(true);
    expect(await lookup('acme.com')).toBe(false);

    relay.setDropping(false);
    const answer = await lookup('acme.com');

    expect(answer).toBe(true);
    await relay.close();
  });
});

describe('createDnsLookup when the server does not answer', () => {
  it('answers false within the timeout when queries go unanswered', async () => {
    const silent = await startSilentServer();
    const lookup = createDnsLookup({ servers: [silent.address], timeoutMs: TIMEOUT_MS });

    const startedAt = performance.now();
    const answer = await lookup('acme.com');
    const elapsedMs = performance.now() - startedAt;

    expect(answer).toBe(false);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 500);
    await new Promise<void>((resolve) => silent.socket.close(() => resolve()));
  });

  it('answers false within the timeout when the port is closed', async () => {
    const lookup = createDnsLookup({ servers: [await closedPortAddress()], timeoutMs: TIMEOUT_MS });

    const startedAt = performance.now();
    const answer = await lookup('acme.com');
    const elapsedMs = performance.now() - startedAt;

    expect(answer).toBe(false);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 500);
  });
});
