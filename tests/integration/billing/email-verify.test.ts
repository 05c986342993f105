import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, signUp, spend, type TestUser } from '../../support/billing.ts';
import { type DnsServer, startDnsServer } from '../../support/dns-server.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

let dns: DnsServer;
let app: TestApp;
beforeAll(async () => {
  dns = await startDnsServer({
    'acme-corp.test': { mx: ['mail.acme-corp.test'] },
    'a-only.test': { a: ['127.0.0.1'] },
    'mailinator.com': { mx: ['mail.mailinator.com'] },
  });
  app = await createTestApp({ dnsServers: [dns.address] });
});
afterAll(async () => {
  await app.close();
  await dns.close();
});

async function verify(user: TestUser, email: unknown): Promise<Response> {
  return app.request('/v1/emails/verify', json('POST', { email }, { token: user.token }));
}

async function verifiedId(user: TestUser, email: string): Promise<string> {
  const response = await verify(user, email);
  expect(response.status).toBe(200);
  return ((await response.json()) as { verificationId: string }).verificationId;
}

describe('POST /v1/emails/verify', () => {
  it.each([
    ['jane.doe@acme-corp.test', { syntax: true, mx: true, disposable: false, role: false }, true],
    ['jane@a-only.test', { syntax: true, mx: true, disposable: false, role: false }, true],
    ['info@acme-corp.test', { syntax: true, mx: true, disposable: false, role: true }, false],
    ['someone@mailinator.com', { syntax: true, mx: true, disposable: true, role: false }, false],
    ['jane@no-such-domain.test', { syntax: true, mx: false, disposable: false, role: false }, false],
    ['not an address', { syntax: false, mx: false, disposable: false, role: false }, false],
  ])('judges %s through the local DNS server', async (email, checks, valid) => {
    const user = await signUp(app);

    const response = await verify(user, email);
    const body = (await response.json()) as { verificationId: string; valid: boolean; checks: unknown };

    expect(response.status).toBe(200);
    expect(body.checks).toEqual(checks);
    expect(body.valid).toBe(valid);
    expect(body.verificationId).toMatch(/^ver_/);
  });

  it.each([[undefined], [42], [null], [['a@b.test']]])('answers 400 for an email of %o', async (email) => {
    const user = await signUp(app);

    const response = await verify(user, email);

    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('validation_failed');
  });

  it('allows 60 verifications at once from one user', async () => {
    const user = await signUp(app);

    const responses = await Promise.all(
      Array.from({ length: 60 }, () => verify(user, 'jane@acme-corp.test')),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(60).fill(200));
  });

  it('is free: the balance does not move', async () => {
    const user = await signUp(app);

    await verify(user, 'jane@acme-corp.test');

    expect((await balanceOf(app, user)).available).toBe(50);
  });
});

describe('email_find spends', () => {
  it('charges 1 credit for a valid, unused verification of the same user', async () => {
    const user = await signUp(app);
    const verificationId = await verifiedId(user, 'jane.doe@acme-corp.test');

    const response = await spend(app, user, { action: 'email_find', quantity: 1, verificationId });

    expect(response.status).toBe(201);
    expect((await balanceOf(app, user)).available).toBe(49);
  });

  it('refuses a verification that was already used, and charges nothing', async () => {
    const user = await signUp(app);
    const verificationId = await verifiedId(user, 'jane.doe@acme-corp.test');
    await spend(app, user, { action: 'email_find', quantity: 1, verificationId });

    const again = await spend(app, user, { action: 'email_find', quantity: 1, verificationId });

    expect(again.status).toBe(422);
    expect(((await again.json()) as { code: string }).code).toBe('verification_invalid');
    expect((await balanceOf(app, user)).available).toBe(49);
  });

  it('refuses a verification that judged the address invalid', async () => {
    const user = await signUp(app);
    const verificationId = await verifiedId(user, 'info@acme-corp.test');

    const response = await spend(app, user, { action: 'email_find', quantity: 1, verificationId });

    expect(response.status).toBe(422);
    expect((await balanceOf(app, user)).available).toBe(50);
  });

  it("refuses another user's verification", async () => {
    const owner = await signUp(app);
    const thief = await signUp(app);
    const verificationId = await verifiedId(owner, 'jane.doe@acme-corp.test');

    const response = await spend(app, thief, { action: 'email_find', quantity: 1, verificationId });

    expect(response.status).toBe(422);
    expect((await balanceOf(app, thief)).available).toBe(50);
  });
});
