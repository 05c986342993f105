import type { Balance } from '../api-client/contract/billing.ts';
import type { Connection } from '../messaging/live.ts';
import type { CachedBalance } from '../storage/session.ts';
import { balanceFreshness, type Freshness, isStale } from './balance-freshness.ts';
import { formatAge, formatCredits, outOfCreditsAdvice, spendOrderLabel } from './credit-labels.ts';
import { PoolCard } from './pool-card.tsx';

interface BalanceViewProps {
  cached: CachedBalance | null;
  connection: Connection;
  now: number;
  onRetry: () => void;
  onOpenHistory: () => void;
  onOpenTeam?: (() => void) | undefined;
}

/**
 * What the user can spend: the total, which credits go first, the team pool, personal credits and the
 * plan's limit; marked stale (with its age) when the API cannot confirm it. Every figure is text.
 */
export function BalanceView({
  cached,
  connection,
  now,
  onRetry,
  onOpenHistory,
  onOpenTeam,
}: BalanceViewProps) {
  if (!cached) return <NoBalanceYet connection={connection} onRetry={onRetry} />;
  const freshness = balanceFreshness(cached, connection, now);
  const { balance } = cached;
  const label = spendOrderLabel(balance);
  return (
    <div class="balance-view" data-stale={isStale(freshness)}>
      <FreshnessNote freshness={freshness} onRetry={onRetry} />
      <section class="total" aria-labelledby="total-title">
        <h2 id="total-title" class="total__title">
          Available now
        </h2>
        {/* Element Timing (bench/popup.ts) reports text on its block, hence the attribute on the <p>. */}
        <p class="total__figure" elementtiming="balance-figure">
          <strong data-testid="available">{formatCredits(balance.available)}</strong>{' '}
          <span>{balance.available === 1 ? 'credit' : 'credits'}</span>
        </p>
        <p class="total__order" data-testid="spend-order">
          {label.text}
        </p>
      </section>
      {balance.available === 0 && <OutOfCredits balance={balance} />}
      {balance.team && <PoolCard team={balance.team} label={label} onOpenTeam={onOpenTeam} />}
      <PersonalCredits balance={balance} />
      <p class="limits" data-testid="profiles-per-page">
        Up to <strong>{formatCredits(balance.limits.profilesPerPage)}</strong> profiles per page on your plan
      </p>
      <button type="button" class="link" onClick={onOpenHistory}>
        Usage history
      </button>
    </div>
  );
}

function NoBalanceYet({ connection, onRetry }: { connection: Connection; onRetry: () => void }) {
  if (connection.state === 'offline') {
    return (
      <div class="notice notice--bad" role="alert" data-testid="connection-notice">
        <p class="notice__title">Cannot reach the billing API at {connection.apiUrl}</p>
        <p>Your balance appears as soon as it answers.</p>
        <button type="button" class="secondary" onClick={onRetry}>
          Retry now
        </button>
      </div>
    );
  }
  return (
    <p class="loading" role="status" aria-busy="true">
      Loading your balance…
    </p>
  );
}

function FreshnessNote({ freshness, onRetry }: { freshness: Freshness; onRetry: () => void }) {
  switch (freshness.kind) {
    case 'live':
      return (
        <p class="freshness freshness--live" data-testid="freshness">
          <span class="dot" aria-hidden="true" /> Live
        </p>
      );
    case 'recent':
      return (
        <p class="freshness" data-testid="freshness">
          Updated {formatAge(freshness.ageMs)}
        </p>
      );
    case 'updating':
      return (
        <p class="freshness freshness--stale" data-testid="freshness" role="status">
          Last updated {formatAge(freshness.ageMs)} · refreshing…
        </p>
      );
    case 'stale':
      return (
        <div class="notice notice--bad" role="alert" data-testid="connection-notice">
          <p class="notice__title">
            {freshness.reason === 'error' ? 'The billing API answered with an error' : 'Offline'}: showing
            your last known balance, from {formatAge(freshness.ageMs)}.
          </p>
          <p class="muted">
            {freshness.reason === 'error'
              ? `${freshness.apiUrl} is having trouble.`
              : `Cannot reach the billing API at ${freshness.apiUrl}.`}{' '}
            Lasso keeps trying.
          </p>
          <button type="button" class="secondary" onClick={onRetry}>
            Retry now
          </button>
        </div>
      );
  }
}

function OutOfCredits({ balance }: { balance: Balance }) {
  return (
    <section class="notice notice--warn" aria-labelledby="empty-title" data-testid="out-of-credits">
      <p id="empty-title" class="notice__title">
        You have no credits left
      </p>
      <p>{outOfCreditsAdvice(balance)}</p>
      <p class="muted">Saving, tagging and exporting your lists stay free.</p>
    </section>
  );
}

function PersonalCredits({ balance }: { balance: Balance }) {
  const { personal } = balance;
  const rows: Array<[string, number]> = [
    ['Subscription', personal.subscription],
    ['Top-up', personal.topup],
    ['Free', personal.free],
  ];
  if (personal.held > 0) rows.push(['Held for work in progress', personal.held]);
  return (
    <section class="card" aria-labelledby="personal-title" data-testid="personal-card">
      <h3 id="personal-title">Personal credits</h3>
      <dl class="figures">
        {rows.map(([name, credits]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{formatCredits(credits)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
