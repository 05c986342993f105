import { SessionCache } from './auth/session-cache.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import { createDnsLookup, type DomainLookup } from './email/domain-lookup.ts';
import { BalanceEvents } from './events/balance-events.ts';
import { startSweep } from './jobs/sweep.ts';
import { LedgerStore } from './ledger/ledger-store.ts';
import { createLogMailer } from './mail/log-mailer.ts';
import type { Mailer } from './mail/mailer.ts';
import { Outbox } from './mail/outbox.ts';
import { createSmtpMailer } from './mail/smtp.ts';

/** Everything the routes need, built once per process (or per test app). */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Sends verification messages: the test outbox in test mode, else SMTP when SMTP_URL is set, else the console. */
  mailer: Mailer;
  /** The test outbox (`GET /v1/ops/outbox`); only in test mode. */
  outbox: Outbox | undefined;
  /** The credit ledger: balances, spends, holds, grants, subscriptions. */
  ledger: LedgerStore;
  /** Whether an email domain has an MX (or A) record, through BILLING_DNS_SERVERS or the system's. */
  lookupDomain: DomainLookup;
  /** Balance changes for the open event streams (LISTEN/NOTIFY). */
  events: BalanceEvents;
  /** Session tokens: lookups (cached for seconds) and revocation on every instance. */
  sessions: SessionCache;
  /** Registers work to run when the server shuts down (ending event streams); returns its remover. */
  onShutdown(callback: () => void): () => void;
  /** Releases what buildDeps started (listeners, timers); the database is closed by its owner. */
  close(): Promise<void>;
}

/** Cycle ends and hold expiries reach event streams within this time even if nobody calls the API. */
const SWEEP_INTERVAL_MS = 2000;

/** Wires the services of the billing API around an open, migrated database. */
export async function buildDeps(base: { db: Db; clock: Clock; config: Config }): Promise<AppDeps> {
  const { config } = base;
  const outbox = config.testMode ? new Outbox() : undefined;
  const smtp = !outbox && config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.publicUrl) : undefined;
  const mailer: Mailer = outbox ?? smtp ?? createLogMailer();
  const events = await BalanceEvents.start(base.db);
  const sessions = await SessionCache.start(base.db);
  const ledger = new LedgerStore(base.db, {
    freeProfilesPerPage: config.freeProfilesPerPage,
    onMoved: (ownerId) => events.publish(ownerId),
  });
  const stopSweep = startSweep(ledger, base.clock, SWEEP_INTERVAL_MS);
  const shutdownCallbacks = new Set<() => void>();
  return {
    ...base,
    mailer,
    outbox,
    lookupDomain: createDnsLookup({ servers: config.dnsServers, timeoutMs: 3000 }),
    ledger,
    events,
    sessions,
    onShutdown(callback) {
      shutdownCallbacks.add(callback);
      return () => shutdownCallbacks.delete(callback);
    },
    close: async () => {
      for (const callback of shutdownCallbacks) callback();
      await stopSweep();
      await events.close();
      await sessions.close();
      smtp?.close();
    },
  };
}
