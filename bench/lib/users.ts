import { randomUUID } from 'node:crypto';

export interface BenchUser {
  id: string;
  token: string;
}

/** `own`: one user per own-rows client slot (client i uses own[i % own.length]); `hot`: shared by all hot-row clients. */
export interface BenchUsers {
  own: BenchUser[];
  hot: BenchUser;
}

export type Scenario = 'own-rows' | 'hot-row';
export const SCENARIOS: Scenario[] = ['own-rows', 'hot-row'];

export const OWN_ROW_USERS = 64;
/** Credits topped up per user: far more than any run spends, so no spend meets a 402. */
export const TOPUP_CREDITS = 10_000_000;

export function userFor(users: BenchUsers, scenario: Scenario, client: number): BenchUser {
  return scenario === 'hot-row' ? users.hot : users.own[client % users.own.length]!;
}

/** Sends one request to the API (over a socket, or through an in-process Hono app). */
export type Requester = (path: string, init: RequestInit) => Promise<Response>;

async function expectStatus(response: Response, status: number, what: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

async function createUser(request: Requester, operatorToken: string, email: string): Promise<BenchUser> {
  const signup = (await expectStatus(
    await request('/v1/auth/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench password 123' }),
    }),
    201,
    `sign-up of ${email}`,
  )) as { token: string; user: { id: string } };
  const user = { id: signup.user.id, token: signup.token };
  await expectStatus(
    await request(`/v1/ops/users/${user.id}/topups`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${operatorToken}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ credits: TOPUP_CREDITS }),
    }),
    201,
    `top-up of ${email}`,
  );
  return user;
}

/** Signs up 64 own-rows users and the hot-row user over the API and tops each up, a few at a time. */
export async function createBenchUsers(request: Requester, operatorToken: string): Promise<BenchUsers> {
  const runId = randomUUID().slice(0, 8);
  const emails = Array.from({ length: OWN_ROW_USERS + 1 }, (_, i) => `bench-${runId}-${i}@bench.lasso.test`);
  const created: BenchUser[] = new Array(emails.length);
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const index = next++;
      created[index] = await createUser(request, operatorToken, emails[index]!);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { own: created.slice(0, OWN_ROW_USERS), hot: created[OWN_ROW_USERS]! };
}

/** A Requester over the network to `baseUrl`. */
export function fetchRequester(baseUrl: string): Requester {
  return (path, init) => fetch(`${baseUrl}${path}`, init);
}
