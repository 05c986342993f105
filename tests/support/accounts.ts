import { randomBytes } from 'node:crypto';
import type { AuthResponse } from '../../api-client/contract/auth.ts';
import type { OutboxMessage } from '../../api-client/contract/test-mode.ts';
import { json, OPERATOR_TOKEN, type TestApp } from './test-app.ts';

export const PASSWORD = 'correct horse battery';

/** An address no other test uses: `<prefix>.<random>@<domain>`. */
export function uniqueEmail(prefix = 'user', domain = 'example.com'): string {
  return `${prefix}.${randomBytes(4).toString('hex')}@${domain}`;
}

/** Signs up a new user through the API; throws unless it answers 201. */
export async function signUp(
  app: TestApp,
  {
    email = uniqueEmail(),
    password = PASSWORD,
    name,
  }: { email?: string; password?: string; name?: string } = {},
): Promise<AuthResponse> {
  const response = await app.request('/v1/auth/signup', json('POST', { email, password, name }));
  if (response.status !== 201)
    throw new Error(`sign-up of ${email}: ${response.status} ${await response.text()}`);
  return (await response.json()) as AuthResponse;
}

/** The test outbox's messages to `to`, newest first. */
export async function outboxFor(app: TestApp, to: string): Promise<OutboxMessage[]> {
  const response = await app.request(
    `/v1/ops/outbox?to=${encodeURIComponent(to)}`,
    json('GET', undefined, { token: OPERATOR_TOKEN }),
  );
  if (response.status !== 200) throw new Error(`outbox: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/** Moves the server's test clock to `now` through `POST /v1/ops/clock`; throws unless it answers 200. */
export async function setClock(app: TestApp, now: Date): Promise<void> {
  const response = await app.request(
    '/v1/ops/clock',
    json('POST', { now: now.toISOString() }, { token: OPERATOR_TOKEN }),
  );
  if (response.status !== 200) throw new Error(`clock: ${response.status} ${await response.text()}`);
}

/** Moves the test clock forward by `ms` from where it stands. */
export async function advanceClock(app: TestApp, ms: number): Promise<Date> {
  const to = new Date(app.clock.now().getTime() + ms);
  await setClock(app, to);
  return to;
}
