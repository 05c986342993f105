import { useState } from 'preact/hooks';
import type { Balance } from '../api-client/contract/billing.ts';
import type { CandidateGroup, FieldSource, Profile } from '../extract/profile.ts';
import type { Extraction } from '../messaging/extraction.ts';
import { outOfCreditsAdvice } from './credit-labels.ts';
import {
  chargeText,
  clip,
  groupSummary,
  isWebUrl,
  PROVENANCE,
  provenanceTitle,
  savedText,
  suggestedListName,
} from './extract-labels.ts';
import type { ExtractState, ExtractStore, ListChoice, SaveState } from './extract-store.ts';

interface ExtractPanelProps {
  state: ExtractState;
  actions: Omit<ExtractStore, 'store' | 'start'>;
  /** The signed-in user's last known balance: what to say when credits run out. */
  balance: Balance | undefined;
  onOpenHistory: () => void;
}

/** The fields the table shows, each with its provenance marker. */
const SHOWN_FIELDS = ['name', 'title', 'company', 'email', 'links'] as const;

/** Longest text of a page shown in a cell; the tooltip carries up to 300 characters. */
const CELL_MAX_CHARS = 60;

/**
 * "Extract profiles": the button, then what the page gave: the people of the best list with how each
 * field was found, the charge, "Try another list" and "Save to list". Every string from the page is
 * rendered as a text node (never HTML) and capped.
 */
export function ExtractPanel({ state, actions, balance, onOpenHistory }: ExtractPanelProps) {
  if (state.name === 'starting') return null;
  if (state.name === 'noTab') {
    return (
      <section class="extract" data-testid="extract">
        <p class="muted">Open a page with people on it, then click the Lasso icon there to extract them.</p>
      </section>
    );
  }
  const busy = state.name === 'extracting';
  const shown = state.name === 'shown' ? state : undefined;
  return (
    <section class="extract" data-testid="extract" aria-busy={busy}>
      <button type="button" class="extract__go" disabled={busy} onClick={() => actions.extract()}>
        {busy ? 'Extracting…' : shown ? 'Extract again' : 'Extract profiles'}
      </button>
      {shown && (
        <Result
          extraction={shown.extraction}
          groupIndex={shown.groupIndex}
          save={shown.save}
          actions={actions}
          balance={balance}
          onOpenHistory={onOpenHistory}
        />
      )}
    </section>
  );
}

interface ResultProps extends Omit<ExtractPanelProps, 'state'> {
  extraction: Extraction;
  groupIndex: number;
  save: SaveState;
}

function Result({ extraction, groupIndex, save, actions, balance, onOpenHistory }: ResultProps) {
  switch (extraction.kind) {
    case 'empty':
      return (
        <p class="notice" role="status" data-testid="extract-message">
          No people found on this page. Nothing was charged.
        </p>
      );
    case 'failed':
      return (
        <p class="notice notice--bad" role="alert" data-testid="extract-message">
          {extraction.message}
        </p>
      );
    case 'locked':
      return (
        <Locked
          found={extraction.found}
          groupCount={extraction.groupCount}
          message={extraction.message}
          balance={balance}
          onOpenHistory={onOpenHistory}
        />
      );
    case 'preview': {
      const groups = extraction.groups;
      const group = groups[groupIndex] ?? groups[0];
      if (!group) return null;
      return (
        <div class="extract__preview">
          <p class="extract__charge" role="status" data-testid="extract-charge">
            {chargeText(extraction.charge)}
          </p>
          <div class="extract__group">
            <p class="extract__summary" data-testid="extract-summary">
              {groupSummary(group, groups.indexOf(group), groups.length)}
            </p>
            {groups.length > 1 && (
              <button type="button" class="secondary small" onClick={() => actions.nextGroup()}>
                Try another list
              </button>
            )}
          </div>
          <PeopleTable group={group} />
          <SavePanel
            save={save}
            actions={actions}
            suggestion={suggestedListName(extraction.page)}
            count={group.profiles.length}
          />
        </div>
      );
    }
  }
}

function Locked({
  found,
  groupCount,
  message,
  balance,
  onOpenHistory,
}: {
  found: number;
  groupCount: number;
  message: string;
  balance: Balance | undefined;
  onOpenHistory: () => void;
}) {
  const lists = groupCount > 1 ? ` in ${groupCount} lists` : '';
  return (
    <section class="notice notice--warn extract__locked" data-testid="extract-locked">
      <p class="notice__title">Not enough credits</p>
      <p>
        {found} {found === 1 ? 'person' : 'people'} found{lists}. {message}
      </p>
      {balance && <p>{outOfCreditsAdvice(balance)}</p>}
      <p class="muted">Nothing was charged. Your plan and credits are in the usage history.</p>
      <button type="button" class="link" onClick={onOpenHistory}>
        Usage history and plan
      </button>
      {/* The people stay hidden: the popup never received them. These bars only show the list's size. */}
      <ul class="extract__placeholders" aria-hidden="true">
        {Array.from({ length: Math.min(found, 5) }, (_, i) => (
          <li key={i} />
        ))}
      </ul>
    </section>
  );
}

function PeopleTable({ group }: { group: CandidateGroup }) {
  // The legend explains the markers on screen only (the photo's, say, is not shown).
  const used = new Set<FieldSource>();
  for (const profile of group.profiles) {
    for (const field of SHOWN_FIELDS) {
      const source = profile[field] ? profile.provenance[field] : undefined;
      if (source) used.add(source);
    }
  }
  return (
    <>
      <div class="extract__table-wrap">
        <table class="extract__table" data-testid="extract-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Title</th>
              <th scope="col">Company</th>
              <th scope="col">Email / links</th>
            </tr>
          </thead>
          <tbody>
            {group.profiles.map((profile, i) => (
              <PersonRow key={`${i}:${profile.name}`} profile={profile} />
            ))}
          </tbody>
        </table>
      </div>
      {used.size > 0 && (
        <p class="extract__legend muted" data-testid="extract-legend">
          {[...used].map((source) => (
            <span key={source}>
              <span class="prov">{PROVENANCE[source].marker}</span> {PROVENANCE[source].label}
            </span>
          ))}
        </p>
      )}
    </>
  );
}

function PersonRow({ profile }: { profile: Profile }) {
  return (
    <tr>
      <Field value={profile.name} source={profile.provenance.name} />
      <Field value={profile.title} source={profile.provenance.title} />
      <Field value={profile.company} source={profile.provenance.company} />
      <td>
        <Contacts profile={profile} />
      </td>
    </tr>
  );
}

function Field({ value, source }: { value: string | undefined; source: FieldSource | undefined }) {
  if (!value) return <td />;
  return (
    <td title={provenanceTitle(value, source)}>
      <span class="extract__value">{clip(value, CELL_MAX_CHARS)}</span>
      {source && <Marker source={source} />}
    </td>
  );
}

function Marker({ source }: { source: FieldSource }) {
  return (
    <sup>
      <abbr class="prov" title={`Found in ${PROVENANCE[source].label}`}>
        {PROVENANCE[source].marker}
      </abbr>
    </sup>
  );
}

function Contacts({ profile }: { profile: Profile }) {
  const links = Object.entries(profile.links ?? {}).filter((entry): entry is [string, string] =>
    Boolean(entry[1]),
  );
  return (
    <>
      {profile.email && (
        <span class="extract__email" title={provenanceTitle(profile.email, profile.provenance.email)}>
          {clip(profile.email, CELL_MAX_CHARS)}
          {profile.provenance.email && <Marker source={profile.provenance.email} />}
        </span>
      )}
      {links.map(([network, url]) => (
        <LinkChip key={network} network={network} url={url} source={profile.provenance.links} />
      ))}
    </>
  );
}

function LinkChip({
  network,
  url,
  source,
}: {
  network: string;
  url: string;
  source: FieldSource | undefined;
}) {
  const name = clip(network, 20);
  const title = provenanceTitle(url, source);
  // Only web addresses become links; anything else (javascript:, data:…) stays inert text.
  return isWebUrl(url) ? (
    <a class="extract__link" href={url} target="_blank" rel="noopener noreferrer" title={title}>
      {name}
    </a>
  ) : (
    <span class="extract__link" title={title}>
      {name}
    </span>
  );
}

function SavePanel({
  save,
  actions,
  suggestion,
  count,
}: {
  save: SaveState;
  actions: ExtractPanelProps['actions'];
  suggestion: string;
  count: number;
}) {
  switch (save.name) {
    case 'closed':
      return (
        <button type="button" onClick={() => actions.openSave()}>
          Save {count} to a list
        </button>
      );
    case 'saving':
      return (
        <p class="muted" role="status">
          Saving…
        </p>
      );
    case 'saved':
      return (
        <p class="notice notice--ok" role="status" data-testid="extract-saved">
          {savedText(save, save.listName)}
        </p>
      );
    case 'choosing':
    case 'failed':
      return (
        <SaveForm
          lists={save.lists}
          suggestion={suggestion}
          error={save.name === 'failed' ? save.message : undefined}
          actions={actions}
        />
      );
  }
}

const NEW_LIST = '';

function SaveForm({
  lists,
  suggestion,
  error,
  actions,
}: {
  lists: ListChoice[];
  suggestion: string;
  error: string | undefined;
  actions: ExtractPanelProps['actions'];
}) {
  const [choice, setChoice] = useState(NEW_LIST);
  const [name, setName] = useState(suggestion);
  return (
    <form
      class="extract__save"
      onSubmit={(event) => {
        event.preventDefault();
        actions.save(choice === NEW_LIST ? { newName: name } : { listId: choice });
      }}
    >
      <label>
        Save to
        <select value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
          <option value={NEW_LIST}>A new list…</option>
          {lists.map((list) => (
            <option key={list.id} value={list.id}>
              {clip(list.name, 40)} ({list.rowCount})
            </option>
          ))}
        </select>
      </label>
      {choice === NEW_LIST && (
        <label>
          New list name
          <input
            type="text"
            value={name}
            maxLength={100}
            required
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
      )}
      {error && (
        <p class="notice notice--bad" role="alert">
          {error}
        </p>
      )}
      <div class="extract__save-actions">
        <button type="submit">Save</button>
        <button type="button" class="secondary" onClick={() => actions.closeSave()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
