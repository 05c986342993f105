import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../../deps.ts';
import { authenticate } from '../auth.ts';

const PING_INTERVAL_MS = 25_000;
/** Changes that arrive together (a spend touching team and user) are sent as one event. */
const COALESCE_MS = 50;

async function teamOf(deps: AppDeps, userId: string): Promise<string | null> {
  const { rows } = await deps.db.query<{ team_id: string }>(
    'SELECT team_id FROM team_members WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.team_id ?? null;
}

/** GET /v1/me/events: `event: balance` on every change the user can see, and a ping every 25 s. */
export function eventRoutes(deps: AppDeps): Hono {
  const routes = new Hono();

  routes.get('/events', async (c) => {
    const { userId } = await authenticate(deps, c);

    return streamSSE(c, async (stream) => {
      let teamId = await teamOf(deps, userId);
      let pending: ReturnType<typeof setTimeout> | undefined;
      let unsubscribe = () => {};

      const sendBalance = async () => {
        pending = undefined;
        // Joining or leaving a team changes which pool this stream follows.
        const currentTeam = await teamOf(deps, userId);
        if (currentTeam !== teamId) {
          teamId = currentTeam;
          resubscribe();
        }
        const balance = await deps.ledger.balance(userId, deps.clock.now());
        if (!stream.aborted && !stream.closed) {
          await stream.writeSSE({ event: 'balance', data: JSON.stringify(balance) });
        }
      };
      const onChange = () => {
        pending ??= setTimeout(() => {
          sendBalance().catch((error: unknown) => console.error('balance event failed:', error));
        }, COALESCE_MS);
      };
      const resubscribe = () => {
        unsubscribe();
        unsubscribe = deps.events.subscribe(teamId ? [userId, teamId] : [userId], onChange);
      };
      resubscribe();
      const stopOnShutdown = deps.onShutdown(() => stream.abort());

      await sendBalance();
      const ping = setInterval(() => {
        stream.write(': ping\n\n').catch(() => stream.abort());
      }, PING_INTERVAL_MS);

      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(ping);
      clearTimeout(pending);
      unsubscribe();
      stopOnShutdown();
    });
  });

  return routes;
}
