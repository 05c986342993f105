-- A fast path in lasso_settle for a user with no team and no pending hold: the common case of every
-- spend, hold, capture and release.
--
-- Every movement settles its user first. For a user with no team, no pending hold and no cycle end
-- due, settling finds nothing to do, but it took seven statements to find that out (the team, the
-- teams of held credits, two checks of what is due, the users to lock, the subscription to roll, the
-- holds to expire). Now one statement answers all three questions, and then only the user's lock is
-- taken. Any other user takes the full path, unchanged.
--
-- The checks run before the lock, as the full path's do: a hold created meanwhile cannot be due at
-- p_now (a hold expires at least 5 s after its creation), and a subscription's cycle end only moves
-- forward.
--
-- Measured on the 2-core machine, PostgreSQL 15, for a user without a team, one transaction calling
-- the function 5,000 or 20,000 times, old and new definitions alternating: lasso_settle took 43–71 µs
-- a call before and 25–26 µs after; a whole lasso_spend with a key 363–384 µs before and 337–353 after.

CREATE OR REPLACE FUNCTION lasso_settle(p_user text, p_now timestamptz, p_always_lock boolean) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_team text;
  v_teams text[];
  v_users text[];
  v_owner text;
  v_due boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM team_members WHERE user_id = p_user)
     AND NOT EXISTS (SELECT 1 FROM holds WHERE user_id = p_user AND status = 'pending')
     AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE owner_id = p_user AND active AND cycle_end <= p_now) THEN
    IF p_always_lock THEN
      PERFORM lasso_lock_owner(p_user);
    END IF;
    RETURN NULL;
  END IF;

  SELECT team_id INTO v_team FROM team_members WHERE user_id = p_user;
  -- Teams of the user's own pending holds too: a removed member's hold still returns pool credits.
  SELECT array_agg(DISTINCT t ORDER BY t) INTO v_teams FROM (
    SELECT v_team AS t WHERE v_team IS NOT NULL
    UNION SELECT team_id FROM holds WHERE user_id = p_user AND status = 'pending' AND team_id IS NOT NULL
  ) teams_involved;
  v_teams := coalesce(v_teams, '{}');

  -- Nothing can become due for p_now meanwhile: a new hold expires at least 5 s after its creation.
  v_due := EXISTS (
    SELECT 1 FROM subscriptions
    WHERE active AND cycle_end <= p_now AND (owner_id = p_user OR owner_id = ANY (v_teams))
  ) OR EXISTS (
    SELECT 1 FROM holds
    WHERE status = 'pending' AND expires_at <= p_now AND (user_id = p_user OR team_id = ANY (v_teams))
  );
  IF NOT p_always_lock AND NOT v_due THEN
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
  IF v_due THEN
    PERFORM pg_notify('lasso_balance', owners.owner_id) FROM unnest(v_teams || p_user) AS owners(owner_id);
  END IF;
  RETURN v_team;
END $$;
