import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../../server/mail/outbox.ts';

describe('Outbox', () => {
  it('lists messages newest first, filtered by recipient in any case', async () => {
    const outbox = new Outbox();
    await outbox.send({ to: 'a@example.com', subject: 'one', text: '1' });
    await outbox.send({ to: 'b@example.com', subject: 'two', text: '2' });
    await outbox.send({ to: 'A@example.com', subject: 'three', text: '3', verifyToken: 't' });

    expect(outbox.list('a@EXAMPLE.com').map((message) => message.subject)).toEqual(['three', 'one']);
    expect(outbox.list().map((message) => message.subject)).toEqual(['three', 'two', 'one']);
  });
});
