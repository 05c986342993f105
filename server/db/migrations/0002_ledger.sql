-- The credit ledger: buckets, subscriptions, spends, holds, idempotency records.
-- Credit movements run in the PL/pgSQL functions of 0003, one call (one round trip) per movement.

CREATE TABLE teams (
  id text PRIMARY KEY,
  name text NOT NULL,
  domain text NOT NULL,
  created_at timestamptz NOT NULL,
  -- Pool `total` of the current cycle: the cycle's grant + top-ups carried in + top-ups added since.
  pool_total integer NOT NULL DEFAULT 0,
  -- Bumped at every team cycle end: per-member usage is keyed by it, so it starts again at 0.
  usage_epoch integer NOT NULL DEFAULT 0
);

CREATE TABLE team_members (
  user_id text PRIMARY KEY REFERENCES users (id),
  team_id text NOT NULL REFERENCES teams (id),
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  pool_access boolean NOT NULL,
  cycle_cap integer CHECK (cycle_cap >= 0),
  joined_at timestamptz NOT NULL
);
CREATE INDEX team_members_team ON team_members (team_id);

-- Pool credits a user drew in one team cycle (removed members' rows stay: they count in the pool).
CREATE TABLE team_usage (
  team_id text NOT NULL REFERENCES teams (id),
  user_id text NOT NULL,
  epoch integer NOT NULL,
  credits_used integer NOT NULL CHECK (credits_used >= 0),
  PRIMARY KEY (team_id, user_id, epoch)
);

-- One row per (owner, bucket); owner is a user (personal.*) or a team (team.*).
-- The balance is a cache of the ledger: it always equals the sum of the owner's entries for it.
CREATE TABLE buckets (
  owner_id text NOT NULL,
  bucket text NOT NULL CHECK (
    bucket IN ('team.subscription', 'team.topup', 'personal.subscription', 'personal.topup', 'personal.free')
  ),
  balance integer NOT NULL CHECK (balance >= 0),
  PRIMARY KEY (owner_id, bucket)
);

-- The spend order is data (billing-api.md, "Credit buckets and spend order").
CREATE TABLE spend_orders (
  name text NOT NULL CHECK (name IN ('pool', 'personal')),
  position integer NOT NULL,
  bucket text NOT NULL,
  PRIMARY KEY (name, position)
);
INSERT INTO spend_orders (name, position, bucket) VALUES
  ('pool', 1, 'team.subscription'),
  ('pool', 2, 'team.topup'),
  ('pool', 3, 'personal.subscription'),
  ('pool', 4, 'personal.topup'),
  ('pool', 5, 'personal.free'),
  ('personal', 1, 'personal.subscription'),
  ('personal', 2, 'personal.topup'),
  ('personal', 3, 'personal.free');

CREATE TABLE subscriptions (
  owner_id text PRIMARY KEY,
  interval text NOT NULL CHECK (interval IN ('month', 'year')),
  anchor timestamptz NOT NULL,
  -- Terms of the current cycle, and the terms that apply from the next cycle start.
  credits_per_cycle integer NOT NULL CHECK (credits_per_cycle >= 0),
  profiles_per_page integer NOT NULL CHECK (profiles_per_page >= 0),
  next_credits_per_cycle integer NOT NULL CHECK (next_credits_per_cycle >= 0),
  next_profiles_per_page integer NOT NULL CHECK (next_profiles_per_page >= 0),
  cycle_index integer NOT NULL,
  cycle_start timestamptz NOT NULL,
  cycle_end timestamptz NOT NULL,
  cancel_at timestamptz,
  active boolean NOT NULL
);

-- Append-only: rows are inserted by lasso_move() and never updated or deleted.
CREATE TABLE ledger_entries (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  owner_id text NOT NULL,
  bucket text NOT NULL,
  amount integer NOT NULL,
  balance_after integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('grant', 'spend', 'hold', 'capture', 'release', 'forfeit')),
  action text,
  spend_id text,
  hold_id text,
  -- The user whose spend or hold moved the credits (team entries appear in that user's ledger).
  actor_id text
);
CREATE INDEX ledger_entries_owner ON ledger_entries (owner_id, id);
CREATE INDEX ledger_entries_actor ON ledger_entries (actor_id, id) WHERE actor_id IS NOT NULL;

CREATE TABLE spends (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  team_id text,
  action text NOT NULL,
  quantity integer NOT NULL,
  charged integer NOT NULL,
  breakdown jsonb NOT NULL,
  hold_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX spends_user ON spends (user_id);

CREATE TABLE holds (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  team_id text,
  action text NOT NULL,
  amount integer NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'captured', 'released', 'expired')),
  -- [{owner, bucket, amount, cycle}] in spend order; `cycle` is the subscription cycle start it came from.
  parts jsonb NOT NULL,
  pool_amount integer NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  settled_at timestamptz,
  spend_id text
);
CREATE INDEX holds_pending_user ON holds (user_id, expires_at) WHERE status = 'pending';
CREATE INDEX holds_pending_team ON holds (team_id, expires_at) WHERE status = 'pending';
CREATE INDEX holds_pending_expiry ON holds (expires_at) WHERE status = 'pending';

-- Successful results of keyed requests, per caller (a user id, or 'ops' for the back office).
CREATE TABLE idempotency_keys (
  caller_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (caller_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE email_verifications (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  email text NOT NULL,
  valid boolean NOT NULL,
  checks jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  used_by_spend text
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);
