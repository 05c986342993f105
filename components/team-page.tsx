import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Member, Team, TeamCurrent } from '../api-client/contract/teams.ts';
import type { FailureCode, Outcome } from '../messaging/protocol.ts';
import { formatCredits, formatDate } from './credit-labels.ts';
import { PoolMeter } from './pool-meter.tsx';

/** What the Team page asks the background for; each answer is an Outcome the page explains. */
export interface TeamCalls {
  current(): Promise<Outcome<TeamCurrent | null>>;
  create(name: string): Promise<Outcome<Team>>;
  addMember(email: string, poolAccess: boolean): Promise<Outcome<Member>>;
  updateMember(
    userId: string,
    body: { poolAccess?: boolean; cycleCap?: number | null },
  ): Promise<Outcome<Member>>;
  removeMember(userId: string): Promise<Outcome<null>>;
}

interface TeamPageProps {
  calls: TeamCalls;
  /** The signed-in user; null when nobody is signed in. */
  user: { id: string; email: string } | null;
  /** Changes whenever a new balance arrives (a live event): the page then loads its figures again. */
  refreshKey: number | undefined;
}

type Failure = Extract<Outcome<unknown>, { ok: false }>;
type State =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'noTeam' }
  | { kind: 'team'; data: TeamCurrent };

/** The part of an email address after the `@`, lower-case. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

function connectionMessage(failure: Failure): string | undefined {
  if (failure.code === 'signed_out' || failure.code === 'unauthorized')
    return 'Sign in (in the Lasso popup or in Settings) to see your team.';
  if (failure.code === 'unreachable' || failure.code === 'timeout')
    return 'Cannot reach the billing API. Check your connection, or the API URL in Settings.';
  if (failure.code === 'forbidden') return 'Only a team admin can do this.';
  return undefined;
}

function genericMessage(failure: Failure): string {
  return connectionMessage(failure) ?? `The billing API answered with an error (${failure.code}).`;
}

/** Why adding `email` to the team on `domain` was refused, in words. */
export function addMemberRefusal(code: FailureCode, email: string, domain: string): string | undefined {
  switch (code) {
    case 'domain_mismatch':
      return `${email} is on a different domain: only addresses ending in @${domain} can join this team.`;
    case 'not_found':
      return `Nobody has signed up to Lasso with ${email} yet. Ask them to create an account with that address first.`;
    case 'email_unverified':
      return `${email} has signed up, but their email address is not verified yet. Ask them to open the link Lasso sent them, then try again.`;
    case 'already_in_team':
      return `${email} is already in a team. A person can belong to one team only.`;
    case 'validation_failed':
      return `${email} is not a valid email address.`;
    default:
      return undefined;
  }
}

/** Why founding a team was refused, in words. */
export function createTeamRefusal(code: FailureCode, domain: string): string | undefined {
  switch (code) {
    case 'domain_not_allowed':
      return `Teams are for company domains, and ${domain} is a public mail provider. Sign up with your work address to create a team.`;
    case 'email_unverified':
      return 'Verify your email address first: open the link Lasso sent you (the popup can send it again).';
    case 'already_in_team':
      return 'You are already in a team. Reload this page to see it.';
    case 'validation_failed':
      return 'Give the team a name of up to 100 characters.';
    default:
      return undefined;
  }
}

/**
 * The Team page: the Team Credit Pool and the member table for a team member (everything for an
 * admin, their own row for others), or how teams work and a form to found one for someone in none.
 */
export function TeamPage({ calls, user, refreshKey }: TeamPageProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    const outcome = await calls.current();
    if (!outcome.ok) setState({ kind: 'failed', message: genericMessage(outcome) });
    else setState(outcome.value ? { kind: 'team', data: outcome.value } : { kind: 'noTeam' });
  }, [calls]);

  // Loads on open, again whenever a balance event arrives (the pool or someone's usage moved).
  // `refreshKey` is a dependency only as the trigger to load again.
  useEffect(() => {
    load();
  }, [load, refreshKey]);

  if (!user) {
    return (
      <section aria-labelledby="team-title">
        <h2 id="team-title">Team</h2>
        <p>Sign in (in the Lasso popup or in Settings) to see your team.</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="team-title" class="team" data-testid="team-page">
      <h2 id="team-title">Team</h2>
      {state.kind === 'loading' && (
        <p role="status" aria-busy="true">
          Loading your team…
        </p>
      )}
      {state.kind === 'failed' && (
        <div class="notice notice--bad" role="alert">
          <p>{state.message}</p>
          <button type="button" class="secondary" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {state.kind === 'noTeam' && <NoTeam calls={calls} email={user.email} onCreated={load} />}
      {state.kind === 'team' && <TeamView calls={calls} data={state.data} userId={user.id} onChange={load} />}
    </section>
  );
}

function NoTeam({ calls, email, onCreated }: { calls: TeamCalls; email: string; onCreated: () => void }) {
  const domain = domainOf(email);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const outcome = await calls.create(name.trim());
    setBusy(false);
    if (outcome.ok) onCreated();
    else setError(createTeamRefusal(outcome.code, domain) ?? genericMessage(outcome));
  }

  return (
    <div class="team__none" data-testid="no-team">
      <p>You are not in a team.</p>
      <h3>How teams work</h3>
      <ul>
        <li>
          A team shares a <strong>Team Credit Pool</strong>: a subscription that resets every cycle, plus
          top-ups.
        </li>
        <li>
          Whoever creates the team is its admin. The team takes the domain of their email address, and the
          admin adds colleagues who signed up with an address on that domain.
        </li>
        <li>
          The admin chooses who may spend the pool, and may cap what each member draws from it per cycle.
          Members with pool access spend team credits first, then their own; free and personal credits are
          never shared.
        </li>
      </ul>
      <form class="team__form" onSubmit={submit} aria-labelledby="create-team-title">
        <h3 id="create-team-title">Create a team</h3>
        <p class="muted">
          Your team will be for <strong>@{domain}</strong> addresses.
        </p>
        <label for="team-name">Team name</label>
        <input
          id="team-name"
          value={name}
          maxLength={100}
          required
          onInput={(event) => setName(event.currentTarget.value)}
          aria-describedby={error ? 'create-team-error' : undefined}
        />
        <div>
          <button type="submit" disabled={busy || name.trim() === ''}>
            {busy ? 'Creating…' : 'Create team'}
          </button>
        </div>
        {error && (
          <p id="create-team-error" class="bad" role="alert">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}

function TeamView({
  calls,
  data,
  userId,
  onChange,
}: {
  calls: TeamCalls;
  data: TeamCurrent;
  userId: string;
  onChange: () => void;
}) {
  const me = data.members.find((member) => member.userId === userId);
  const isAdmin = me?.role === 'admin';
  return (
    <>
      <TeamPoolCard data={data} />
      <MemberTable
        calls={calls}
        members={data.members}
        userId={userId}
        isAdmin={isAdmin}
        onChange={onChange}
      />
      {isAdmin && <AddMember calls={calls} domain={data.team.domain} onAdded={onChange} />}
    </>
  );
}

function TeamPoolCard({ data }: { data: TeamCurrent }) {
  const { pool, team } = data;
  const rows: Array<[string, number, string]> = [
    ['Subscription', pool.subscription, 'team-pool-subscription'],
    ['Top-up', pool.topup, 'team-pool-topup'],
  ];
  if (pool.held > 0) rows.push(['Held for work in progress', pool.held, 'team-pool-held']);
  return (
    <section class="card pool" aria-labelledby="team-pool-title" data-testid="team-pool-card">
      <header class="card__header">
        <h3 id="team-pool-title">Team Credit Pool</h3>
        <span class="card__aside">
          {team.name} · @{team.domain}
        </span>
      </header>
      <PoolMeter pool={pool} testIdPrefix="team-pool" />
      <dl class="figures">
        {rows.map(([label, credits, testId]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{formatCredits(credits)}</dd>
          </div>
        ))}
      </dl>
      <p class="muted" data-testid="team-pool-reset">
        {pool.cycleEnd
          ? `Next reset on ${formatDate(pool.cycleEnd)}`
          : 'No reset date: the team has no subscription'}
      </p>
    </section>
  );
}

type SortKey = 'email' | 'name' | 'role' | 'poolAccess' | 'creditsUsed';
type Sort = { key: SortKey; ascending: boolean };

const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'email', label: 'Email' },
  { key: 'name', label: 'Name' },
  { key: 'role', label: 'Role' },
  { key: 'poolAccess', label: 'Pool access' },
  { key: 'creditsUsed', label: 'Credits Used (this cycle)' },
];

/** Members in the order of `sort`; ties keep the email order, so the table never jumps. */
export function sortMembers(members: readonly Member[], sort: Sort): Member[] {
  const value = (member: Member): string | number => {
    switch (sort.key) {
      case 'poolAccess':
        return member.poolAccess ? 1 : 0;
      case 'creditsUsed':
        return member.creditsUsed;
      case 'name':
        return (member.name ?? '').toLowerCase();
      default:
        return member[sort.key].toLowerCase();
    }
  };
  return [...members].sort((a, b) => {
    const left = value(a);
    const right = value(b);
    const order = left < right ? -1 : left > right ? 1 : a.email.localeCompare(b.email);
    return sort.ascending ? order : -order;
  });
}

function MemberTable({
  calls,
  members,
  userId,
  isAdmin,
  onChange,
}: {
  calls: TeamCalls;
  members: Member[];
  userId: string;
  isAdmin: boolean;
  onChange: () => void;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'email', ascending: true });
  const [error, setError] = useState<string | undefined>(undefined);
  const sorted = useMemo(() => sortMembers(members, sort), [members, sort]);

  async function act(outcome: Promise<Outcome<unknown>>) {
    setError(undefined);
    const result = await outcome;
    if (!result.ok) setError(genericMessage(result));
    onChange();
  }

  return (
    <section aria-labelledby="members-title" class="team__members">
      <h3 id="members-title">{isAdmin ? 'Members' : 'Your usage'}</h3>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <table class="members" data-testid="member-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    class="members__sort"
                    onClick={() => setSort({ key: column.key, ascending: active ? !sort.ascending : true })}
                  >
                    {column.label}
                    <span aria-hidden="true">{active ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              );
            })}
            {isAdmin && (
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sorted.map((member) => (
            <MemberRow
              key={member.userId}
              member={member}
              isAdmin={isAdmin}
              isSelf={member.userId === userId}
              act={act}
              calls={calls}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function MemberRow({
  member,
  isAdmin,
  isSelf,
  act,
  calls,
}: {
  member: Member;
  isAdmin: boolean;
  isSelf: boolean;
  act: (outcome: Promise<Outcome<unknown>>) => Promise<void>;
  calls: TeamCalls;
}) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  return (
    <tr data-testid="member-row" data-email={member.email}>
      <td>
        {member.email}
        {isSelf && <span class="muted"> (you)</span>}
      </td>
      <td>{member.name ?? <span class="muted">—</span>}</td>
      <td>{member.role === 'admin' ? 'Admin' : 'Member'}</td>
      <td>
        {isAdmin ? (
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              checked={member.poolAccess}
              aria-checked={member.poolAccess}
              aria-label={`Pool access for ${member.email}`}
              data-testid="pool-access"
              onChange={(event) =>
                act(calls.updateMember(member.userId, { poolAccess: event.currentTarget.checked }))
              }
            />
            <span aria-hidden="true">{member.poolAccess ? 'On' : 'Off'}</span>
          </label>
        ) : (
          <span data-testid="pool-access-text">{member.poolAccess ? 'On' : 'Off'}</span>
        )}
      </td>
      <td>
        <CreditsUsed member={member} editable={isAdmin} act={act} calls={calls} />
      </td>
      {isAdmin && (
        <td>
          {isSelf ? null : confirming ? (
            <div class="members__confirm">
              <span>Remove {member.email} from the team? Their personal credits stay theirs.</span>
              <button
                type="button"
                class="danger"
                ref={confirmRef}
                onClick={() => {
                  setConfirming(false);
                  act(calls.removeMember(member.userId));
                }}
              >
                Yes, remove
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button
              type="button"
              class="secondary small"
              aria-label={`Remove ${member.email}`}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function CreditsUsed({
  member,
  editable,
  act,
  calls,
}: {
  member: Member;
  editable: boolean;
  act: (outcome: Promise<Outcome<unknown>>) => Promise<void>;
  calls: TeamCalls;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);
  const inputId = `cap-${member.userId}`;

  function save(event: Event) {
    event.preventDefault();
    const text = draft.trim();
    const cap = text === '' ? null : Number(text);
    if (cap !== null && (!Number.isInteger(cap) || cap < 0 || cap > 1_000_000_000)) {
      setInvalid(true);
      return;
    }
    setEditing(false);
    act(calls.updateMember(member.userId, { cycleCap: cap }));
  }

  const used = <strong data-testid="credits-used">{formatCredits(member.creditsUsed)}</strong>;
  if (editing) {
    return (
      <form class="members__cap" onSubmit={save}>
        {used}
        <label for={inputId} class="visually-hidden">
          Cap for {member.email} (empty for none)
        </label>
        <input
          id={inputId}
          inputMode="numeric"
          placeholder="no cap"
          value={draft}
          aria-invalid={invalid}
          onInput={(event) => {
            setDraft(event.currentTarget.value);
            setInvalid(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setEditing(false);
          }}
        />
        {invalid && (
          <span class="bad members__invalid" role="alert">
            A cap is a whole number of credits, 0 or more.
          </span>
        )}
        <button type="submit" class="small">
          Save cap
        </button>
        <button type="button" class="secondary small" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <span class="members__used">
      {used}
      {member.cycleCap !== null && (
        <span class="muted" data-testid="cycle-cap">
          {' '}
          of {formatCredits(member.cycleCap)} cap
        </span>
      )}
      {editable && (
        <button
          type="button"
          class="link small"
          aria-label={`${member.cycleCap === null ? 'Set' : 'Edit'} cap for ${member.email}`}
          onClick={() => {
            setDraft(member.cycleCap === null ? '' : String(member.cycleCap));
            setInvalid(false);
            setEditing(true);
          }}
        >
          {member.cycleCap === null ? 'Set cap' : 'Edit cap'}
        </button>
      )}
    </span>
  );
}

function AddMember({ calls, domain, onAdded }: { calls: TeamCalls; domain: string; onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [poolAccess, setPoolAccess] = useState(true);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | undefined>(undefined);

  async function submit(event: Event) {
    event.preventDefault();
    const address = email.trim();
    setBusy(true);
    setFeedback(undefined);
    const outcome = await calls.addMember(address, poolAccess);
    setBusy(false);
    if (outcome.ok) {
      setEmail('');
      setFeedback({ ok: true, text: `Added ${outcome.value.email} to the team.` });
      onAdded();
    } else {
      setFeedback({
        ok: false,
        text: addMemberRefusal(outcome.code, address, domain) ?? genericMessage(outcome),
      });
    }
  }

  return (
    <form class="team__form" onSubmit={submit} aria-labelledby="add-member-title" data-testid="add-member">
      <h3 id="add-member-title">Add a member</h3>
      <label for="member-email">Email address</label>
      <p id="member-email-help" class="muted">
        Colleagues who signed up to Lasso with an <strong>@{domain}</strong> address and verified it.
      </p>
      <input
        id="member-email"
        type="email"
        value={email}
        required
        placeholder={`name@${domain}`}
        aria-describedby="member-email-help"
        onInput={(event) => setEmail(event.currentTarget.value)}
      />
      <label class="team__check">
        <input
          type="checkbox"
          checked={poolAccess}
          onChange={(event) => setPoolAccess(event.currentTarget.checked)}
        />{' '}
        May spend the Team Credit Pool
      </label>
      <div>
        <button type="submit" disabled={busy || email.trim() === ''}>
          {busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
      {feedback && (
        <p
          class={feedback.ok ? 'ok' : 'bad'}
          role={feedback.ok ? 'status' : 'alert'}
          data-testid="add-member-feedback"
        >
          {feedback.text}
        </p>
      )}
    </form>
  );
}
