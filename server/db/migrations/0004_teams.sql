-- Teams: the member table and the view of GET /v1/teams/current, and the lock that membership
-- changes take. The membership rules themselves run in server/teams/team-store.ts, inside one
-- transaction that starts with lasso_lock_membership().

-- One row of the member table: creditsUsed is the pool credits drawn in the team's current cycle.
CREATE FUNCTION lasso_team_member(p_team text, p_user text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'userId', u.id,
    'email', u.email,
    'name', u.name,
    'role', m.role,
    'poolAccess', m.pool_access,
    'cycleCap', m.cycle_cap,
    'creditsUsed', (SELECT coalesce(sum(credits_used), 0)::integer FROM team_usage
                    WHERE team_id = t.id AND user_id = u.id AND epoch = t.usage_epoch))
  FROM team_members m
  JOIN users u ON u.id = m.user_id
  JOIN teams t ON t.id = m.team_id
  WHERE m.team_id = p_team AND m.user_id = p_user
$$;

-- The team of p_user with its pool (the same figures as /v1/me/balance's team.pool), the caller's
-- role and every member, or NULL when p_user is in no team. STABLE, so every query in it reads one
-- snapshot: a spend committing meanwhile shows in both the pool and creditsUsed, or in neither.
CREATE FUNCTION lasso_team_view(p_user text, p_free_ppp integer) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_member team_members;
  v_team teams;
BEGIN
  SELECT * INTO v_member FROM team_members WHERE user_id = p_user;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT * INTO v_team FROM teams WHERE id = v_member.team_id;
  RETURN jsonb_build_object(
    'team', jsonb_build_object('id', v_team.id, 'name', v_team.name, 'domain', v_team.domain),
    'role', v_member.role,
    'pool', lasso_balance(p_user, p_free_ppp) -> 'team' -> 'pool',
    'members', (
      SELECT coalesce(jsonb_agg(lasso_team_member(v_team.id, m.user_id)
                                ORDER BY m.role = 'admin' DESC, m.joined_at, u.email COLLATE "C"), '[]')
      FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = v_team.id));
END $$;

-- GET /v1/teams/current: settles the caller first (cycle roll-over, hold expiry, locking only when
-- something is due), then answers from one snapshot.
CREATE FUNCTION lasso_get_team(p_user text, p_now timestamptz, p_free_ppp integer) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lasso_settle(p_user, p_now, false);
  RETURN lasso_team_view(p_user, p_free_ppp);
END $$;

-- Serialises a membership change with every credit movement of the team and the user: the team's
-- lock first, then the user's, the order every spend takes (0003's header), so they cannot
-- deadlock. Rolls the team's cycle over, so creditsUsed in the answer counts the current cycle.
CREATE FUNCTION lasso_lock_membership(p_team text, p_user text, p_now timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lasso_lock_owner(p_team);
  PERFORM lasso_roll(p_team, p_now);
  PERFORM lasso_lock_owner(p_user);
END $$;
