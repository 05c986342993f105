import { describe, expect, it } from 'vitest';
import { createKnownPatterns } from '../../../../services/email-finding/known-patterns.ts';
import { freshDb, row } from '../../storage/test-db.ts';

describe('known patterns of a domain', () => {
  it("counts the patterns of saved addresses at that domain only, across the user's lists", async () => {
    const db = freshDb();
    await db.rows.bulkPut([
      row({ name: 'Ada Lovelace', email: 'ada.lovelace@acme.com' }, 1),
      row({ name: 'Grace Hopper', email: 'Grace.Hopper@ACME.com', listId: 'list_other' }, 2),
      row({ name: 'Alan Turing', email: 'aturing@acme.com' }, 3),
      row({ name: 'Jan van der Berg', email: 'jan.vanderberg@acme.com' }, 4),
      row({ name: 'Edsger Dijkstra', email: 'edsger.dijkstra@other.example' }, 5),
      row({ name: 'Info Desk', email: 'hello@acme.com' }, 6),
      row({ name: 'Barbara Liskov' }, 7),
    ]);
    const patternsForDomain = createKnownPatterns(db);
    expect(await patternsForDomain('acme.com')).toEqual(
      new Map([
        ['first.last', 3],
        ['flast', 1],
      ]),
    );
    expect(await patternsForDomain('nobody.example')).toEqual(new Map());
  });

  it('reads the lists again once its short memory has passed, so new rows count', async () => {
    const db = freshDb();
    let now = 0;
    const patternsForDomain = createKnownPatterns(db, { now: () => now });
    expect(await patternsForDomain('acme.com')).toEqual(new Map());
    await db.rows.put(row({ name: 'Ada Lovelace', email: 'alovelace@acme.com' }, 1));
    expect(await patternsForDomain('acme.com')).toEqual(new Map());
    now = 61_000;
    expect(await patternsForDomain('acme.com')).toEqual(new Map([['flast', 1]]));
  });
});
