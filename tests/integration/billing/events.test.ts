import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Balance } from '../../../api-client/contract/billing.ts';
import { grant, signUp, spend } from '../../support/billing.ts';
import { SseReader } from '../../support/sse.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.close();
});

async function openEvents(token: string): Promise<SseReader> {
  const response = await app.request('/v1/me/events', json('GET', undefined, { token }));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return new SseReader(response);
}

it('sends the current balance as soon as the stream opens', async () => {
  const user = await signUp(app);
  const events = await openEvents(user.token);

  const first = await events.next();

  expect(first.event).toBe('balance');
  expect((JSON.parse(first.data) as Balance).available).toBe(50);
  await events.close();
});

it('sends a balance event within 5 s of a back-office top-up', async () => {
  const user = await signUp(app);
  const events = await openEvents(user.token);
  await events.next();

  await grant(app, { users: user.id }, 25);
  const event = await events.next(5000);

  expect(event.event).toBe('balance');
  expect((JSON.parse(event.data) as Balance).personal.topup).toBe(25);
  await events.close();
});

it("sends a balance event after the user's own spend", async () => {
  const user = await signUp(app);
  const events = await openEvents(user.token);
  await events.next();

  const response = await spend(app, user, { action: 'page_scrape', quantity: 3 });
  expect(response.status).toBe(201);
  const event = await events.next(5000);

  expect((JSON.parse(event.data) as Balance).available).toBe(47);
  await events.close();
});

it("does not tell one user about another user's personal spend", async () => {
  const watcher = await signUp(app);
  const other = await signUp(app);
  const events = await openEvents(watcher.token);
  await events.next();

  await spend(app, other, { action: 'page_scrape', quantity: 1 });

  await expect(events.next(1500)).rejects.toThrow('no server-sent event in time');
  await events.close();
});

it('refuses the stream without a token', async () => {
  const response = await app.request('/v1/me/events');

  expect(response.status).toBe(401);
});
