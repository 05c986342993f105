-- Credit movements in batches: one call and one transaction for the spends, holds, captures and
-- releases that queued in an API instance while its previous batch ran (server/ledger/movement-batcher.ts).
--
-- Each movement still runs whole or not at all: it is the same lasso_spend / lasso_hold / … call as
-- before, inside its own subtransaction (a PL/pgSQL block with an EXCEPTION clause). An expected
-- failure (insufficient_credits, an idempotency conflict, …) rolls back that movement only and comes
-- back as its result; the others commit together. Any other error aborts the whole batch, and the API
-- runs its movements again one by one, each as its plain function call, so that a movement's own
-- error reaches its own caller. A lone movement is always the plain call.
--
-- Why: a commit costs PostgreSQL a WAL flush and its share of the contention of 16 backends on two
-- cores. Measured on the 2-core machine, 16 clients each calling lasso_spend with a key through a
-- pg Pool of 16, against the same 16 clients queued into batches sent one at a time, three rounds of
-- 3 s each: 1,602–1,985 spends/s and p99 18.9–29.8 ms against 2,256–2,779/s and 10.3–13.0 ms
-- (bench/README.md, "Runs of 2026-12-05 18:45–19:55 UTC").

-- Takes, before a batch's first movement, the locks all of its movements will take, in the global order
-- of migration 0003 (teams by id, then users by id). Each movement then finds its locks already held,
-- so two batches of different instances cannot each hold a lock the other waits for. Taken before any
-- idempotency claim too: a batch never holds a claimed key while it waits for a lock.
CREATE FUNCTION lasso_lock_batch(p_users text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM buckets
  WHERE owner_id IN (
    SELECT team_id FROM team_members WHERE user_id = ANY (p_users)
    UNION SELECT team_id FROM holds WHERE user_id = ANY (p_users) AND status = 'pending' AND team_id IS NOT NULL)
  ORDER BY owner_id, bucket
  FOR UPDATE;
  PERFORM 1 FROM buckets WHERE owner_id = ANY (p_users) ORDER BY owner_id, bucket FOR UPDATE;
END $$;

-- p_calls: [{fn: 'spend' | 'hold' | 'capture' | 'release', args: [the function's arguments in order]}].
-- Returns one element per call, in order: {result} (what the function returned) or
-- {error: {code, message, detail}} (SQLSTATE, message and detail of the error it raised).
CREATE FUNCTION lasso_movements(p_calls jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_call jsonb;
  v_args jsonb;
  v_result jsonb;
  -- An array, not a jsonb value: appending to a jsonb copies all of it each time, appending to an
  -- array variable does not.
  v_results jsonb[] := '{}';
  v_code text;
  v_message text;
  v_detail text;
BEGIN
  -- Every movement's first argument is the user who moves.
  PERFORM lasso_lock_batch(ARRAY(SELECT DISTINCT value -> 'args' ->> 0 FROM jsonb_array_elements(p_calls)));
  FOR v_call IN SELECT value FROM jsonb_array_elements(p_calls) LOOP
    v_args := v_call -> 'args';
    BEGIN
      CASE v_call ->> 'fn'
        WHEN 'spend' THEN
          v_result := lasso_spend(v_args ->> 0, v_args ->> 1, (v_args ->> 2)::integer, v_args ->> 3, v_args ->> 4,
                                  v_args ->> 5, (v_args ->> 6)::timestamptz, (v_args ->> 7)::integer, v_args ->> 8);
        WHEN 'hold' THEN
          v_result := lasso_hold(v_args ->> 0, v_args ->> 1, (v_args ->> 2)::integer, (v_args ->> 3)::integer,
                                 v_args ->> 4, v_args ->> 5, (v_args ->> 6)::timestamptz, (v_args ->> 7)::integer,
                                 v_args ->> 8);
        WHEN 'capture' THEN
          v_result := lasso_capture(v_args ->> 0, v_args ->> 1, (v_args ->> 2)::integer, v_args ->> 3, v_args ->> 4,
                                    (v_args ->> 5)::timestamptz, (v_args ->> 6)::integer, v_args ->> 7);
        WHEN 'release' THEN
          v_result := lasso_release(v_args ->> 0, v_args ->> 1, v_args ->> 2, v_args ->> 3,
                                    (v_args ->> 4)::timestamptz, (v_args ->> 5)::integer);
      END CASE;
      v_results := v_results || jsonb_build_object('result', v_result);
    EXCEPTION WHEN raise_exception OR numeric_value_out_of_range THEN
      GET STACKED DIAGNOSTICS v_code = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
      v_results := v_results || jsonb_build_object(
        'error', jsonb_build_object('code', v_code, 'message', v_message, 'detail', nullif(v_detail, '')));
    END;
  END LOOP;
  RETURN to_jsonb(v_results);
END $$;
