import type { Balance } from '../api-client/contract/billing.ts';
import { formatCredits, formatDate, type SpendOrderLabel } from './credit-labels.ts';
import { PoolMeter } from './pool-meter.tsx';

type Team = NonNullable<Balance['team']>;

interface PoolCardProps {
  team: Team;
  label: SpendOrderLabel;
  /** Opens the Team page (the dashboard's #team), when the page can. */
  onOpenTeam?: (() => void) | undefined;
}

/** The Team Credit Pool: what is left of this cycle's credits, when it resets, and whether it pays first. */
export function PoolCard({ team, label, onOpenTeam }: PoolCardProps) {
  const { pool } = team;
  return (
    <section
      class={`card pool ${label.poolInUse ? 'pool--in-use' : 'pool--not-used'}`}
      aria-labelledby="pool-title"
      data-testid="pool-card"
    >
      <header class="card__header">
        <h3 id="pool-title">Team Credit Pool</h3>
        <span class="card__aside">{team.name}</span>
      </header>
      <PoolMeter pool={pool} testIdPrefix="pool" />
      <p class="pool__reset muted" data-testid="pool-reset">
        {pool.cycleEnd
          ? `Resets on ${formatDate(pool.cycleEnd)}`
          : 'No reset date: the team has no subscription'}
      </p>
      <p class={`pool__mode ${label.poolInUse ? 'ok' : 'warn'}`} data-testid="pool-mode">
        {label.text}
      </p>
      {team.poolAccess && <CapLine team={team} />}
      {onOpenTeam && (
        <button type="button" class="link" onClick={onOpenTeam}>
          Team page
        </button>
      )}
    </section>
  );
}

function CapLine({ team }: { team: Team }) {
  if (team.cycleCap === null) {
    return <p class="muted">You used {formatCredits(team.creditsUsed)} team credits this cycle.</p>;
  }
  return (
    <p class="muted">
      Your cap: {formatCredits(team.creditsUsed)} of {formatCredits(team.cycleCap)} team credits used this
      cycle.
    </p>
  );
}
