-- Credit movements as PL/pgSQL functions: each public lasso_* call is one transaction and one
-- round trip. Expected failures raise SQLSTATE 'P0001' with MESSAGE = the contract's error code and
-- DETAIL = a JSON object of extra problem fields; the caller maps them to problem documents.
--
-- Lock order (no deadlocks): every function first locks the bucket rows of the teams involved
-- (sorted by id), then those of users (sorted by id); every other row it touches belongs to an
-- owner it has locked. Two users are only ever locked together under their team's lock.

CREATE FUNCTION lasso_fail(p_code text, p_detail text, p_extra jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = p_code,
    DETAIL = (jsonb_build_object('detail', p_detail) || p_extra)::text;
END $$;

-- Start of cycle k: anchor + k intervals, month arithmetic clamped to the month's last day (in UTC).
CREATE FUNCTION lasso_cycle_start(p_anchor timestamptz, p_interval text, p_k integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
  SELECT ((p_anchor AT TIME ZONE 'UTC')
          + make_interval(months => p_k * CASE p_interval WHEN 'year' THEN 12 ELSE 1 END)) AT TIME ZONE 'UTC'
$$;

-- The cycle k that contains p_now: start(k) <= p_now < start(k + 1).
CREATE FUNCTION lasso_cycle_index(p_anchor timestamptz, p_interval text, p_now timestamptz) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  v_step integer := CASE p_interval WHEN 'year' THEN 12 ELSE 1 END;
  v_a timestamp := p_anchor AT TIME ZONE 'UTC';
  v_n timestamp := p_now AT TIME ZONE 'UTC';
  v_k integer;
BEGIN
  v_k := ((extract(year FROM v_n) - extract(year FROM v_a)) * 12
          + extract(month FROM v_n) - extract(month FROM v_a))::integer / v_step;
  WHILE v_k > 0 AND lasso_cycle_start(p_anchor, p_interval, v_k) > p_now LOOP
    v_k := v_k - 1;
  END LOOP;
  WHILE lasso_cycle_start(p_anchor, p_interval, v_k + 1) <= p_now LOOP
    v_k := v_k + 1;
  END LOOP;
  RETURN greatest(v_k, 0);
END $$;

-- Locks every bucket row of an owner: the per-owner mutex that all credit movements take.
CREATE FUNCTION lasso_lock_owner(p_owner text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM buckets WHERE owner_id = p_owner ORDER BY bucket FOR UPDATE;
END $$;

-- Moves credits into (+) or out of (-) one bucket and appends the ledger entry. The only writer
-- of buckets.balance and ledger_entries, so the two cannot drift apart.
CREATE FUNCTION lasso_move(
  p_owner text, p_bucket text, p_amount integer, p_kind text, p_at timestamptz,
  p_action text DEFAULT NULL, p_spend_id text DEFAULT NULL, p_hold_id text DEFAULT NULL,
  p_actor text DEFAULT NULL
) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_balance integer;
BEGIN
  UPDATE buckets SET balance = balance + p_amount
  WHERE owner_id = p_owner AND bucket = p_bucket
  RETURNING balance INTO v_balance;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'bucket % of % does not exist', p_bucket, p_owner;
  END IF;
  INSERT INTO ledger_entries (at, owner_id, bucket, amount, balance_after, kind, action, spend_id, hold_id, actor_id)
  VALUES (p_at, p_owner, p_bucket, p_amount, v_balance, p_kind, p_action, p_spend_id, p_hold_id, p_actor);
  RETURN v_balance;
END $$;

-- Appends an entry that does not change the bucket (a capture's kept part, or the two sides of
-- credits released into a cycle that has ended and forfeited at once).
CREATE FUNCTION lasso_note(
  p_owner text, p_bucket text, p_amount integer, p_kind text, p_at timestamptz,
  p_action text, p_spend_id text, p_hold_id text, p_actor text, p_balance_after integer
) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO ledger_entries (at, owner_id, bucket, amount, balance_after, kind, action, spend_id, hold_id, actor_id)
  VALUES (p_at, p_owner, p_bucket, p_amount, p_balance_after, p_kind, p_action, p_spend_id, p_hold_id, p_actor)
$$;

-- Idempotency: claims (caller, key) for this transaction, or returns the stored result of an
-- earlier success. A concurrent duplicate blocks on the unique index until the first commits
-- (then replays it) or rolls back (then runs). Keys are kept 48 h; an older one starts afresh.
CREATE FUNCTION lasso_idem_claim(p_caller text, p_key text, p_hash text, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_row idempotency_keys;
BEGIN
  IF p_key IS NULL THEN
    RETURN NULL;
  END IF;
  DELETE FROM idempotency_keys
  WHERE caller_id = p_caller AND key = p_key AND created_at < p_now - interval '48 hours';
  INSERT INTO idempotency_keys (caller_id, key, request_hash, created_at)
  VALUES (p_caller, p_key, p_hash, p_now)
  ON CONFLICT (caller_id, key) DO NOTHING;
  IF FOUND THEN
    RETURN NULL;
  END IF;
  SELECT * INTO v_row FROM idempotency_keys WHERE caller_id = p_caller AND key = p_key;
  IF v_row.request_hash <> p_hash OR v_row.status IS NULL THEN
    PERFORM lasso_fail('idempotency_conflict',
      'this Idempotency-Key was already used with a different method, path or body');
  END IF;
  RETURN jsonb_build_object('status', v_row.status, 'body', v_row.response, 'replayed', true);
END $$;

CREATE FUNCTION lasso_idem_store(p_caller text, p_key text, p_status integer, p_body jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  IF p_key IS NOT NULL THEN
    UPDATE idempotency_keys SET status = p_status, response = p_body WHERE caller_id = p_caller AND key = p_key;
  END IF;
  RETURN jsonb_build_object('status', p_status, 'body', p_body, 'replayed', false);
END $$;

-- Rolls a subscription over every cycle end at or before p_now (caller holds the owner's lock):
-- forfeits what is left of the ended cycle, grants the next one, applies plan changes and
-- cancellations, and for a team starts the usage counters and pool total again.
CREATE FUNCTION lasso_roll(p_owner text, p_now timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_sub subscriptions;
  v_is_team boolean := p_owner LIKE 'team\_%';
  v_bucket text;
  v_left integer;
BEGIN
  SELECT * INTO v_sub FROM subscriptions WHERE owner_id = p_owner;
  IF NOT FOUND OR NOT v_sub.active OR v_sub.cycle_end > p_now THEN
    RETURN;
  END IF;
  v_bucket := CASE WHEN v_is_team THEN 'team.subscription' ELSE 'personal.subscription' END;
  WHILE v_sub.active AND v_sub.cycle_end <= p_now LOOP
    SELECT balance INTO v_left FROM buckets WHERE owner_id = p_owner AND bucket = v_bucket;
    IF v_left > 0 THEN
      PERFORM lasso_move(p_owner, v_bucket, -v_left, 'forfeit', v_sub.cycle_end);
    END IF;
    v_sub.cycle_index := v_sub.cycle_index + 1;
    v_sub.cycle_start := v_sub.cycle_end;
    v_sub.cycle_end := lasso_cycle_start(v_sub.anchor, v_sub.interval, v_sub.cycle_index + 1);
    IF v_sub.cancel_at IS NOT NULL AND v_sub.cycle_start >= v_sub.cancel_at THEN
      v_sub.active := false;
    ELSE
      v_sub.credits_per_cycle := v_sub.next_credits_per_cycle;
      v_sub.profiles_per_page := v_sub.next_profiles_per_page;
      IF v_sub.credits_per_cycle > 0 THEN
        PERFORM lasso_move(p_owner, v_bucket, v_sub.credits_per_cycle, 'grant', v_sub.cycle_start);
      END IF;
    END IF;
    IF v_is_team THEN
      UPDATE teams SET
        usage_epoch = usage_epoch + 1,
        pool_total = (CASE WHEN v_sub.active THEN v_sub.credits_per_cycle ELSE 0 END)
          + (SELECT balance FROM buckets WHERE owner_id = p_owner AND bucket = 'team.topup')
      WHERE id = p_owner;
    END IF;
  END LOOP;
  UPDATE subscriptions SET
    credits_per_cycle = v_sub.credits_per_cycle,
    profiles_per_page = v_sub.profiles_per_page,
    cycle_index = v_sub.cycle_index,
    cycle_start = v_sub.cycle_start,
    cycle_end = v_sub.cycle_end,
    active = v_sub.active
  WHERE owner_id = p_owner;
END $$;

-- The start of the owner's active cycle, or NULL (tags held subscription credits with their cycle).
CREATE FUNCTION lasso_active_cycle(p_owner text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT cycle_start FROM subscriptions WHERE owner_id = p_owner AND active
$$;

-- Returns held credits to their buckets (caller holds the locks). Subscription credits whose
-- cycle has ended are recorded as released and forfeited at once, and do not come back.
CREATE FUNCTION lasso_return_parts(
  p_hold holds, p_parts jsonb, p_kind text, p_at timestamptz
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_part jsonb;
  v_owner text;
  v_bucket text;
  v_amount integer;
  v_balance integer;
BEGIN
  FOR v_part IN SELECT value FROM jsonb_array_elements(p_parts) LOOP
    v_owner := v_part ->> 'owner';
    v_bucket := v_part ->> 'bucket';
    v_amount := (v_part ->> 'amount')::integer;
    CONTINUE WHEN v_amount <= 0;
    IF v_bucket LIKE '%.subscription'
       AND lasso_active_cycle(v_owner) IS DISTINCT FROM (v_part ->> 'cycle')::timestamptz THEN
      SELECT balance INTO v_balance FROM buckets WHERE owner_id = v_owner AND bucket = v_bucket;
      PERFORM lasso_note(v_owner, v_bucket, v_amount, p_kind, p_at, p_hold.action, NULL, p_hold.id,
                         p_hold.user_id, v_balance + v_amount);
      PERFORM lasso_note(v_owner, v_bucket, -v_amount, 'forfeit', p_at, p_hold.action, NULL, p_hold.id,
                         p_hold.user_id, v_balance);
    ELSE
      PERFORM lasso_move(v_owner, v_bucket, v_amount, p_kind, p_at, p_hold.action, NULL, p_hold.id, p_hold.user_id);
    END IF;
  END LOOP;
END $$;

-- Expires the pending holds of a user or a team whose time has come (caller holds the locks of
-- the team and of every user whose hold may expire).
CREATE FUNCTION lasso_expire_holds(p_user text, p_team text, p_now timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_hold holds;
BEGIN
  FOR v_hold IN
    SELECT * FROM holds
    WHERE status = 'pending' AND expires_at <= p_now AND (user_id = p_user OR team_id = p_team)
    ORDER BY expires_at, id
    FOR UPDATE
  LOOP
    UPDATE holds SET status = 'expired', settled_at = v_hold.expires_at WHERE id = v_hold.id;
    PERFORM lasso_return_parts(v_hold, v_hold.parts, 'release', v_hold.expires_at);
  END LOOP;
END $$;

-- Brings a user's world up to p_now before any answer: locks (team first, then users), rolls the
-- team's and the user's cycles over, and expires due holds. Returns the user's team id or NULL.
-- With p_always_lock false it takes no lock when nothing is due (the read-only fast path).
CREATE FUNCTION lasso_settle(p_user text, p_now timestamptz, p_always_lock boolean) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_team text;
  v_teams text[];
  v_users text[];
  v_owner text;
BEGIN
  SELECT team_id INTO v_team FROM team_members WHERE user_id = p_user;
  -- Teams of the user's own pending holds too: a removed member's hold still returns pool credits.
  SELECT array_agg(DISTINCT t ORDER BY t) INTO v_teams FROM (
    SELECT v_team AS t WHERE v_team IS NOT NULL
    UNION SELECT team_id FROM holds WHERE user_id = p_user AND status = 'pending' AND team_id IS NOT NULL
  ) teams_involved;
  v_teams := coalesce(v_teams, '{}');

  IF NOT p_always_lock AND NOT EXISTS (
    SELECT 1 FROM subscriptions
    WHERE active AND cycle_end <= p_now AND (owner_id = p_user OR owner_id = ANY (v_teams))
  ) AND NOT EXISTS (
    SELECT 1 FROM holds
    WHERE status = 'pending' AND expires_at <= p_now AND (user_id = p_user OR team_id = ANY (v_teams))
  ) THEN
    RETURN v_team;
  END IF;

  FOREACH v_owner IN ARRAY v_teams LOOP
    PERFORM lasso_lock_owner(v_owner);
  END LOOP;
  -- Users whose holds on these teams are due, plus the caller, in id order.
  SELECT array_agg(DISTINCT u ORDER BY u) INTO v_users FROM (
    SELECT p_user AS u
    UNION SELECT user_id FROM holds
    WHERE status = 'pending' AND expires_at <= p_now AND team_id = ANY (v_teams)
  ) users_involved;
  FOREACH v_owner IN ARRAY v_users LOOP
    PERFORM lasso_lock_owner(v_owner);
  END LOOP;

  FOREACH v_owner IN ARRAY v_teams LOOP
    PERFORM lasso_roll(v_owner, p_now);
  END LOOP;
  PERFORM lasso_roll(p_user, p_now);
  FOREACH v_owner IN ARRAY v_teams LOOP
    PERFORM lasso_expire_holds(NULL, v_owner, p_now);
  END LOOP;
  PERFORM lasso_expire_holds(p_user, NULL, p_now);
  -- Whatever was due has now happened: open event streams of the user and the team hear of it.
  PERFORM pg_notify('lasso_balance', owners.owner_id) FROM unnest(v_teams || p_user) AS owners(owner_id);
  RETURN v_team;
END $$;

-- What a user may draw from the pool now: pool buckets, limited by pool access and cycle cap.
-- Returns (pool_usable, cap_left) where cap_left is NULL without a cap.
CREATE FUNCTION lasso_pool_usable(p_user text, p_team text, OUT pool_usable bigint, OUT cap_left integer)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_member team_members;
  v_epoch integer;
  v_used integer;
  v_pending integer;
  -- bigint: each bucket fits an integer, their sum may not.
  v_pool bigint;
BEGIN
  pool_usable := 0;
  cap_left := NULL;
  IF p_team IS NULL THEN
    RETURN;
  END IF;
  SELECT * INTO v_member FROM team_members WHERE user_id = p_user AND team_id = p_team;
  IF NOT FOUND OR NOT v_member.pool_access THEN
    RETURN;
  END IF;
  SELECT coalesce(sum(balance), 0) INTO v_pool FROM buckets WHERE owner_id = p_team;
  IF v_member.cycle_cap IS NOT NULL THEN
    SELECT usage_epoch INTO v_epoch FROM teams WHERE id = p_team;
    SELECT coalesce(sum(credits_used), 0) INTO v_used FROM team_usage
      WHERE team_id = p_team AND user_id = p_user AND epoch = v_epoch;
    SELECT coalesce(sum(pool_amount), 0) INTO v_pending FROM holds
      WHERE team_id = p_team AND user_id = p_user AND status = 'pending';
    cap_left := greatest(v_member.cycle_cap - v_used - v_pending, 0);
    v_pool := least(v_pool, cap_left);
  END IF;
  pool_usable := v_pool;
END $$;

-- Plans a draw of p_amount in spend order (caller holds the locks): [{owner, bucket, amount,
-- cycle}] for the buckets it takes from, or raises insufficient_credits and moves nothing.
CREATE FUNCTION lasso_plan_draw(p_user text, p_team text, p_amount integer) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_usable record;
  v_order text;
  v_pool_left bigint;
  v_left integer := p_amount;
  v_take integer;
  v_parts jsonb := '[]';
  v_row record;
BEGIN
  v_usable := lasso_pool_usable(p_user, p_team);
  v_order := CASE WHEN v_usable.pool_usable > 0 THEN 'pool' ELSE 'personal' END;
  v_pool_left := v_usable.pool_usable;
  FOR v_row IN
    SELECT o.bucket, b.owner_id, b.balance
    FROM spend_orders o
    JOIN buckets b ON b.bucket = o.bucket
      AND b.owner_id = CASE WHEN o.bucket LIKE 'team.%' THEN p_team ELSE p_user END
    WHERE o.name = v_order
    ORDER BY o.position
  LOOP
    v_take := least(v_left, v_row.balance);
    IF v_row.bucket LIKE 'team.%' THEN
      v_take := least(v_take, v_pool_left);
      v_pool_left := v_pool_left - v_take;
    END IF;
    IF v_take > 0 THEN
      v_parts := v_parts || jsonb_build_object(
        'owner', v_row.owner_id, 'bucket', v_row.bucket, 'amount', v_take,
        'cycle', CASE WHEN v_row.bucket LIKE '%.subscription' THEN lasso_active_cycle(v_row.owner_id) END);
      v_left := v_left - v_take;
    END IF;
  END LOOP;
  IF v_left > 0 THEN
    PERFORM lasso_fail('insufficient_credits',
      format('%s credits needed, %s available', p_amount, p_amount - v_left),
      jsonb_build_object('available', p_amount - v_left));
  END IF;
  RETURN v_parts;
END $$;

CREATE FUNCTION lasso_breakdown(p_parts jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('bucket', p ->> 'bucket', 'amount', (p ->> 'amount')::integer)
                            ORDER BY ord), '[]')
  FROM jsonb_array_elements(p_parts) WITH ORDINALITY AS parts(p, ord)
  WHERE (p ->> 'amount')::integer > 0
$$;

CREATE FUNCTION lasso_pool_part(p_parts jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(sum((p ->> 'amount')::integer), 0)::integer
  FROM jsonb_array_elements(p_parts) AS parts(p)
  WHERE p ->> 'bucket' LIKE 'team.%'
$$;

CREATE FUNCTION lasso_add_usage(p_team text, p_user text, p_credits integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO team_usage (team_id, user_id, epoch, credits_used)
  SELECT p_team, p_user, usage_epoch, p_credits FROM teams WHERE id = p_team AND p_credits > 0
  ON CONFLICT (team_id, user_id, epoch) DO UPDATE SET credits_used = team_usage.credits_used + p_credits
$$;

CREATE FUNCTION lasso_iso(p_at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The body of GET /v1/me/balance (caller has settled the user at p_now).
CREATE FUNCTION lasso_balance(p_user text, p_free_profiles_per_page integer) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_member record;
  v_usable record;
  v_pool_usable bigint := 0;
  v_personal jsonb;
  v_personal_sum bigint;
  v_team jsonb := NULL;
  v_order text := 'personal';
  v_limit integer;
  v_team_sub subscriptions;
  v_user_sub subscriptions;
BEGIN
  SELECT jsonb_build_object(
      'subscription', coalesce(sum(balance) FILTER (WHERE bucket = 'personal.subscription'), 0),
      'topup', coalesce(sum(balance) FILTER (WHERE bucket = 'personal.topup'), 0),
      'free', coalesce(sum(balance) FILTER (WHERE bucket = 'personal.free'), 0),
      'held', (SELECT coalesce(sum((p ->> 'amount')::integer), 0)
               FROM holds h, jsonb_array_elements(h.parts) AS parts(p)
               WHERE h.user_id = p_user AND h.status = 'pending' AND p ->> 'bucket' LIKE 'personal.%')),
    coalesce(sum(balance), 0)
  INTO v_personal, v_personal_sum
  FROM buckets WHERE owner_id = p_user;

  SELECT * INTO v_user_sub FROM subscriptions WHERE owner_id = p_user AND active;
  v_limit := CASE WHEN v_user_sub.owner_id IS NOT NULL THEN v_user_sub.profiles_per_page
                  ELSE p_free_profiles_per_page END;

  SELECT m.*, t.name, t.pool_total, t.usage_epoch INTO v_member
  FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = p_user;
  IF FOUND THEN
    v_usable := lasso_pool_usable(p_user, v_member.team_id);
    v_pool_usable := v_usable.pool_usable;
    IF v_member.pool_access AND coalesce(v_usable.cap_left, 1) > 0 THEN
      v_order := 'pool';
    END IF;
    SELECT * INTO v_team_sub FROM subscriptions WHERE owner_id = v_member.team_id AND active;
    IF v_member.pool_access AND v_team_sub.owner_id IS NOT NULL THEN
      v_limit := v_team_sub.profiles_per_page;
    END IF;
    SELECT jsonb_build_object(
        'id', v_member.team_id,
        'name', v_member.name,
        'poolAccess', v_member.pool_access,
        'cycleCap', v_member.cycle_cap,
        'creditsUsed', (SELECT coalesce(sum(credits_used), 0) FROM team_usage
                        WHERE team_id = v_member.team_id AND user_id = p_user AND epoch = v_member.usage_epoch),
        'pool', jsonb_build_object(
          'available', coalesce(sum(balance), 0),
          'total', v_member.pool_total,
          'subscription', coalesce(sum(balance) FILTER (WHERE bucket = 'team.subscription'), 0),
          'topup', coalesce(sum(balance) FILTER (WHERE bucket = 'team.topup'), 0),
          'held', (SELECT coalesce(sum(pool_amount), 0) FROM holds
                   WHERE team_id = v_member.team_id AND status = 'pending'),
          'cycleStart', CASE WHEN v_team_sub.owner_id IS NOT NULL THEN lasso_iso(v_team_sub.cycle_start) END,
          'cycleEnd', CASE WHEN v_team_sub.owner_id IS NOT NULL THEN lasso_iso(v_team_sub.cycle_end) END))
    INTO v_team
    FROM buckets WHERE owner_id = v_member.team_id;
  END IF;

  RETURN jsonb_build_object(
    'available', v_personal_sum + v_pool_usable,
    'spendOrder', (SELECT jsonb_agg(bucket ORDER BY position) FROM spend_orders WHERE name = v_order),
    'personal', v_personal,
    'team', v_team,
    'limits', jsonb_build_object('profilesPerPage', v_limit));
END $$;

CREATE FUNCTION lasso_notify(p_user text, p_team text) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_notify('lasso_balance', coalesce(p_team, p_user))
$$;

-- GET /v1/me/balance: settle (locking only if something is due) and answer.
CREATE FUNCTION lasso_get_balance(p_user text, p_now timestamptz, p_free_ppp integer) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lasso_settle(p_user, p_now, false);
  RETURN lasso_balance(p_user, p_free_ppp);
END $$;

-- POST /v1/spends.
CREATE FUNCTION lasso_spend(
  p_user text, p_action text, p_quantity integer, p_verification_id text,
  p_key text, p_hash text, p_now timestamptz, p_free_ppp integer, p_spend_id text
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_replay jsonb;
  v_team text;
  v_parts jsonb;
  v_part jsonb;
  v_verification email_verifications;
  v_body jsonb;
BEGIN
  v_replay := lasso_idem_claim(p_user, p_key, p_hash, p_now);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  v_team := lasso_settle(p_user, p_now, true);

  IF p_action = 'email_find' THEN
    SELECT * INTO v_verification FROM email_verifications
    WHERE id = p_verification_id AND user_id = p_user FOR UPDATE;
    IF NOT FOUND OR NOT v_verification.valid OR v_verification.used_by_spend IS NOT NULL THEN
      PERFORM lasso_fail('verification_invalid',
        'email_find needs the verificationId of a valid, unused verification of yours');
    END IF;
  END IF;

  v_parts := lasso_plan_draw(p_user, v_team, p_quantity);
  FOR v_part IN SELECT value FROM jsonb_array_elements(v_parts) LOOP
    PERFORM lasso_move(v_part ->> 'owner', v_part ->> 'bucket', -(v_part ->> 'amount')::integer, 'spend',
                       p_now, p_action, p_spend_id, NULL, p_user);
  END LOOP;
  INSERT INTO spends (id, user_id, team_id, action, quantity, charged, breakdown, created_at)
  VALUES (p_spend_id, p_user, v_team, p_action, p_quantity, p_quantity, lasso_breakdown(v_parts), p_now);
  PERFORM lasso_add_usage(v_team, p_user, lasso_pool_part(v_parts));
  IF p_action = 'email_find' THEN
    UPDATE email_verifications SET used_by_spend = p_spend_id WHERE id = p_verification_id;
  END IF;

  v_body := jsonb_build_object(
    'spendId', p_spend_id, 'action', p_action, 'quantity', p_quantity, 'charged', p_quantity,
    'breakdown', lasso_breakdown(v_parts), 'balance', lasso_balance(p_user, p_free_ppp));
  PERFORM lasso_notify(p_user, v_team);
  RETURN lasso_idem_store(p_user, p_key, 201, v_body);
END $$;

-- POST /v1/holds.
CREATE FUNCTION lasso_hold(
  p_user text, p_action text, p_quantity integer, p_ttl_seconds integer,
  p_key text, p_hash text, p_now timestamptz, p_free_ppp integer, p_hold_id text
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_replay jsonb;
  v_team text;
  v_parts jsonb;
  v_part jsonb;
  v_expires timestamptz := p_now + make_interval(secs => p_ttl_seconds);
  v_body jsonb;
BEGIN
  v_replay := lasso_idem_claim(p_user, p_key, p_hash, p_now);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  v_team := lasso_settle(p_user, p_now, true);
  v_parts := lasso_plan_draw(p_user, v_team, p_quantity);
  FOR v_part IN SELECT value FROM jsonb_array_elements(v_parts) LOOP
    PERFORM lasso_move(v_part ->> 'owner', v_part ->> 'bucket', -(v_part ->> 'amount')::integer, 'hold',
                       p_now, p_action, NULL, p_hold_id, p_user);
  END LOOP;
  INSERT INTO holds (id, user_id, team_id, action, amount, status, parts, pool_amount, created_at, expires_at)
  VALUES (p_hold_id, p_user, CASE WHEN lasso_pool_part(v_parts) > 0 THEN v_team END, p_action, p_quantity,
          'pending', v_parts, lasso_pool_part(v_parts), p_now, v_expires);

  v_body := jsonb_build_object(
    'holdId', p_hold_id, 'status', 'pending', 'action', p_action, 'amount', p_quantity,
    'breakdown', lasso_breakdown(v_parts), 'expiresAt', lasso_iso(v_expires),
    'balance', lasso_balance(p_user, p_free_ppp));
  PERFORM lasso_notify(p_user, v_team);
  RETURN lasso_idem_store(p_user, p_key, 201, v_body);
END $$;

-- Finds the caller's hold for capture or release, after settling (which may expire it).
CREATE FUNCTION lasso_pending_hold(p_user text, p_hold_id text, p_quantity integer) RETURNS holds
LANGUAGE plpgsql AS $$
DECLARE
  v_hold holds;
BEGIN
  SELECT * INTO v_hold FROM holds WHERE id = p_hold_id AND user_id = p_user FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM lasso_fail('not_found', 'no such hold');
  END IF;
  IF p_quantity IS NOT NULL AND p_quantity > v_hold.amount THEN
    PERFORM lasso_fail('validation_failed',
      format('quantity %s is more than the %s credits held', p_quantity, v_hold.amount));
  END IF;
  IF v_hold.status <> 'pending' THEN
    PERFORM lasso_fail('hold_not_pending', format('the hold is %s', v_hold.status),
      jsonb_build_object('holdStatus', v_hold.status));
  END IF;
  RETURN v_hold;
END $$;

-- POST /v1/holds/{id}/capture: charges p_quantity (default: all) in the hold's spend order and
-- releases the rest.
CREATE FUNCTION lasso_capture(
  p_user text, p_hold_id text, p_quantity integer,
  p_key text, p_hash text, p_now timestamptz, p_free_ppp integer, p_spend_id text
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_replay jsonb;
  v_team text;
  v_hold holds;
  v_quantity integer;
  v_left integer;
  v_take integer;
  v_part jsonb;
  v_kept jsonb := '[]';
  v_returned jsonb := '[]';
  v_balance integer;
  v_body jsonb;
BEGIN
  v_replay := lasso_idem_claim(p_user, p_key, p_hash, p_now);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  v_team := lasso_settle(p_user, p_now, true);
  v_hold := lasso_pending_hold(p_user, p_hold_id, p_quantity);
  v_quantity := coalesce(p_quantity, v_hold.amount);
  v_left := v_quantity;

  FOR v_part IN SELECT value FROM jsonb_array_elements(v_hold.parts) LOOP
    v_take := least(v_left, (v_part ->> 'amount')::integer);
    v_left := v_left - v_take;
    IF v_take > 0 THEN
      v_kept := v_kept || jsonb_set(v_part, '{amount}', to_jsonb(v_take));
      SELECT balance INTO v_balance FROM buckets WHERE owner_id = v_part ->> 'owner' AND bucket = v_part ->> 'bucket';
      PERFORM lasso_note(v_part ->> 'owner', v_part ->> 'bucket', 0, 'capture', p_now, v_hold.action,
                         p_spend_id, v_hold.id, p_user, v_balance);
    END IF;
    IF (v_part ->> 'amount')::integer > v_take THEN
      v_returned := v_returned || jsonb_set(v_part, '{amount}', to_jsonb((v_part ->> 'amount')::integer - v_take));
    END IF;
  END LOOP;
  PERFORM lasso_return_parts(v_hold, v_returned, 'release', p_now);

  UPDATE holds SET status = 'captured', settled_at = p_now, spend_id = p_spend_id WHERE id = v_hold.id;
  INSERT INTO spends (id, user_id, team_id, action, quantity, charged, breakdown, hold_id, created_at)
  VALUES (p_spend_id, p_user, v_hold.team_id, v_hold.action, v_quantity, v_quantity, lasso_breakdown(v_kept),
          v_hold.id, p_now);
  IF v_hold.team_id IS NOT NULL THEN
    PERFORM lasso_add_usage(v_hold.team_id, p_user, lasso_pool_part(v_kept));
  END IF;

  v_body := jsonb_build_object(
    'holdId', v_hold.id, 'status', 'captured', 'spendId', p_spend_id, 'charged', v_quantity,
    'breakdown', lasso_breakdown(v_kept), 'balance', lasso_balance(p_user, p_free_ppp));
  PERFORM lasso_notify(p_user, coalesce(v_hold.team_id, v_team));
  RETURN lasso_idem_store(p_user, p_key, 200, v_body);
END $$;

-- POST /v1/holds/{id}/release.
CREATE FUNCTION lasso_release(
  p_user text, p_hold_id text, p_key text, p_hash text, p_now timestamptz, p_free_ppp integer
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_replay jsonb;
  v_team text;
  v_hold holds;
  v_body jsonb;
BEGIN
  v_replay := lasso_idem_claim(p_user, p_key, p_hash, p_now);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  v_team := lasso_settle(p_user, p_now, true);
  v_hold := lasso_pending_hold(p_user, p_hold_id, NULL);
  PERFORM lasso_return_parts(v_hold, v_hold.parts, 'release', p_now);
  UPDATE holds SET status = 'released', settled_at = p_now WHERE id = v_hold.id;
  v_body := jsonb_build_object('holdId', v_hold.id, 'status', 'released',
                               'balance', lasso_balance(p_user, p_free_ppp));
  PERFORM lasso_notify(p_user, coalesce(v_hold.team_id, v_team));
  RETURN lasso_idem_store(p_user, p_key, 200, v_body);
END $$;

-- Back office: a top-up or free grant into one bucket of a user or a team.
CREATE FUNCTION lasso_grant(
  p_owner text, p_bucket text, p_credits integer, p_key text, p_hash text, p_now timestamptz
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_replay jsonb;
  v_balance integer;
  v_entry bigint;
BEGIN
  v_replay := lasso_idem_claim('ops', p_key, p_hash, p_now);
  IF v_replay IS NOT NULL THEN
    RETURN v_replay;
  END IF;
  PERFORM lasso_lock_owner(p_owner);
  -- A top-up after an overdue cycle end belongs to the new cycle's pool total.
  PERFORM lasso_roll(p_owner, p_now);
  v_balance := lasso_move(p_owner, p_bucket, p_credits, 'grant', p_now);
  v_entry := currval(pg_get_serial_sequence('ledger_entries', 'id'));
  IF p_bucket = 'team.topup' THEN
    UPDATE teams SET pool_total = pool_total + p_credits WHERE id = p_owner;
  END IF;
  PERFORM pg_notify('lasso_balance', p_owner);
  RETURN lasso_idem_store('ops', p_key, 201, jsonb_build_object(
    'entryId', 'le_' || v_entry, 'bucket', p_bucket, 'credits', p_credits, 'bucketBalance', v_balance,
    'at', lasso_iso(p_now)));
END $$;

CREATE FUNCTION lasso_subscription_body(p_owner text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'creditsPerCycle', next_credits_per_cycle, 'interval', interval, 'anchor', lasso_iso(anchor),
    'profilesPerPage', next_profiles_per_page,
    'cycleStart', CASE WHEN active THEN lasso_iso(cycle_start) END,
    'cycleEnd', CASE WHEN active THEN lasso_iso(cycle_end) END,
    'cancelAt', lasso_iso(cancel_at))
  FROM subscriptions WHERE owner_id = p_owner
$$;

-- Back office: PUT …/subscription. Starts a subscription (granting the current cycle at once), or
-- changes the terms of the active one from its next cycle start and withdraws a cancellation.
CREATE FUNCTION lasso_put_subscription(
  p_owner text, p_credits integer, p_interval text, p_anchor timestamptz, p_profiles_per_page integer,
  p_now timestamptz
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_sub subscriptions;
  v_is_team boolean := p_owner LIKE 'team\_%';
  v_bucket text;
  v_anchor timestamptz := coalesce(p_anchor, p_now);
  v_k integer;
BEGIN
  PERFORM lasso_lock_owner(p_owner);
  PERFORM lasso_roll(p_owner, p_now);
  SELECT * INTO v_sub FROM subscriptions WHERE owner_id = p_owner;
  IF FOUND AND v_sub.active THEN
    IF p_interval <> v_sub.interval OR (p_anchor IS NOT NULL AND p_anchor <> v_sub.anchor) THEN
      PERFORM lasso_fail('validation_failed',
        'interval and anchor of an active subscription cannot change; cancel it and start a new one');
    END IF;
    UPDATE subscriptions SET next_credits_per_cycle = p_credits, next_profiles_per_page = p_profiles_per_page,
      cancel_at = NULL
    WHERE owner_id = p_owner;
    RETURN lasso_subscription_body(p_owner);
  END IF;

  IF v_anchor > p_now THEN
    PERFORM lasso_fail('validation_failed', 'anchor must not be in the future');
  END IF;
  v_k := lasso_cycle_index(v_anchor, p_interval, p_now);
  DELETE FROM subscriptions WHERE owner_id = p_owner;
  INSERT INTO subscriptions (owner_id, interval, anchor, credits_per_cycle, profiles_per_page,
    next_credits_per_cycle, next_profiles_per_page, cycle_index, cycle_start, cycle_end, cancel_at, active)
  VALUES (p_owner, p_interval, v_anchor, p_credits, p_profiles_per_page, p_credits, p_profiles_per_page, v_k,
    lasso_cycle_start(v_anchor, p_interval, v_k), lasso_cycle_start(v_anchor, p_interval, v_k + 1), NULL, true);
  v_bucket := CASE WHEN v_is_team THEN 'team.subscription' ELSE 'personal.subscription' END;
  IF p_credits > 0 THEN
    PERFORM lasso_move(p_owner, v_bucket, p_credits, 'grant', p_now);
  END IF;
  IF v_is_team THEN
    -- A new subscription starts a new pool cycle: usage counters begin again at 0.
    UPDATE teams SET usage_epoch = usage_epoch + 1,
      pool_total = p_credits + (SELECT balance FROM buckets WHERE owner_id = p_owner AND bucket = 'team.topup')
    WHERE id = p_owner;
  END IF;
  PERFORM pg_notify('lasso_balance', p_owner);
  RETURN lasso_subscription_body(p_owner);
END $$;

-- Back office: DELETE …/subscription. Grants stop at the end of the current cycle.
CREATE FUNCTION lasso_cancel_subscription(p_owner text, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lasso_lock_owner(p_owner);
  PERFORM lasso_roll(p_owner, p_now);
  UPDATE subscriptions SET cancel_at = cycle_end WHERE owner_id = p_owner AND active;
  IF NOT FOUND THEN
    PERFORM lasso_fail('not_found', 'no active subscription');
  END IF;
  RETURN lasso_subscription_body(p_owner);
END $$;

-- Periodic sweep: rolls over overdue cycles and expires due holds of everyone, one owner at a
-- time (so each owner's work is its own short transaction when called per owner).
CREATE FUNCTION lasso_due_owners(p_now timestamptz, p_limit integer) RETURNS TABLE (user_id text)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT u FROM (
    SELECT user_id AS u FROM holds WHERE status = 'pending' AND expires_at <= p_now
    UNION
    SELECT owner_id FROM subscriptions WHERE active AND cycle_end <= p_now AND owner_id NOT LIKE 'team\_%'
    UNION
    SELECT m.user_id FROM subscriptions s
    JOIN LATERAL (SELECT user_id FROM team_members WHERE team_id = s.owner_id LIMIT 1) m ON true
    WHERE s.active AND s.cycle_end <= p_now AND s.owner_id LIKE 'team\_%'
  ) due
  LIMIT p_limit
$$;

-- Brings a team up to p_now (back office reads): rolls its cycle over and expires its due holds.
CREATE FUNCTION lasso_settle_team(p_team text, p_now timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_user text;
BEGIN
  PERFORM lasso_lock_owner(p_team);
  FOR v_user IN
    SELECT DISTINCT user_id FROM holds
    WHERE status = 'pending' AND expires_at <= p_now AND team_id = p_team ORDER BY user_id
  LOOP
    PERFORM lasso_lock_owner(v_user);
  END LOOP;
  PERFORM lasso_roll(p_team, p_now);
  PERFORM lasso_expire_holds(NULL, p_team, p_now);
  PERFORM pg_notify('lasso_balance', p_team);
END $$;
