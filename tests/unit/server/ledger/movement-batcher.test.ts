import { describe, expect, it } from 'vitest';
import {
  MovementBatcher,
  type MovementCall,
  type MovementRunner,
} from '../../../../server/ledger/movement-batcher.ts';

function call(user: string, n = 1): MovementCall {
  return { fn: 'spend', args: [user, n] };
}

/**
 * A runner whose calls wait until the test finishes them, recording what each was sent and how many
 * ran at once. `many` answers each call with `user:n`, or a rejection for user `broke`.
 */
function controlledRunner() {
  const sent: Array<{ kind: 'one' | 'many'; calls: MovementCall[]; finish(error?: Error): void }> = [];
  let running = 0;
  let mostAtOnce = 0;
  const answer = (c: MovementCall) => `${c.args[0]}:${c.args[1]}`;
  const wait = <T>(kind: 'one' | 'many', calls: MovementCall[], value: () => T) =>
    new Promise<T>((resolve, reject) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      sent.push({
        kind,
        calls,
        finish: (error) => {
          running--;
          try {
            if (error) throw error;
            resolve(value());
          } catch (failure) {
            reject(failure);
          }
        },
      });
    });
  const runner: MovementRunner = {
    one: (c) =>
      wait('one', [c], () => {
        if (c.args[0] === 'broke') throw new Error('broke alone');
        return answer(c);
      }),
    many: (calls) =>
      wait('many', calls, () =>
        calls.map(
          (c): PromiseSettledResult<unknown> =>
            c.args[0] === 'broke'
              ? { status: 'rejected', reason: new Error('broke in a batch') }
              : { status: 'fulfilled', value: answer(c) },
        ),
      ),
  };
  return { runner, sent, mostAtOnce: () => mostAtOnce };
}

/** Lets the batcher's promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('MovementBatcher', () => {
  it('sends a lone movement at once, on its own', async () => {
    const { runner, sent } = controlledRunner();
    const batcher = new MovementBatcher(runner);

    const result = batcher.submit(call('ann'));
    expect(sent.map((s) => s.kind)).toEqual(['one']);
    sent[0]!.finish();

    expect(await result).toBe('ann:1');
  });

  it('sends every movement that arrived while a batch ran as the next batch, in arrival order', async () => {
    const { runner, sent, mostAtOnce } = controlledRunner();
    const batcher = new MovementBatcher(runner);

    const first = batcher.submit(call('ann', 1));
    const later = [
      batcher.submit(call('bob', 1)),
      batcher.submit(call('ann', 2)),
      batcher.submit(call('cy', 1)),
    ];
    expect(sent).toHaveLength(1);
    sent[0]!.finish();
    await first;
    await settle();

    expect(sent[1]!.kind).toBe('many');
    expect(sent[1]!.calls).toEqual([call('bob', 1), call('ann', 2), call('cy', 1)]);
    sent[1]!.finish();
    expect(await Promise.all(later)).toEqual(['bob:1', 'ann:2', 'cy:1']);
    expect(mostAtOnce()).toBe(1);
  });

  it('puts no more than the limit in one batch and sends the rest next', async () => {
    const { runner, sent } = controlledRunner();
    const batcher = new MovementBatcher(runner, 3);

    const results = [
      batcher.submit(call('u', 0)),
      ...Array.from({ length: 5 }, (_, i) => batcher.submit(call('u', i + 1))),
    ];
    sent[0]!.finish();
    await settle();
    sent[1]!.finish();
    await settle();
    sent[2]!.finish();

    expect(sent.map((s) => s.calls.map((c) => c.args[1]))).toEqual([[0], [1, 2, 3], [4, 5]]);
    expect(await Promise.all(results)).toEqual(['u:0', 'u:1', 'u:2', 'u:3', 'u:4', 'u:5']);
  });

  it('fails only the movement whose outcome is an error, not the rest of its batch', async () => {
    const { runner, sent } = controlledRunner();
    const batcher = new MovementBatcher(runner);

    const first = batcher.submit(call('ann'));
    const batch = [batcher.submit(call('bob')), batcher.submit(call('broke')), batcher.submit(call('cy'))];
    sent[0]!.finish();
    await first;
    await settle();
    sent[1]!.finish();

    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'bob:1',
      'broke in a batch',
      'cy:1',
    ]);
  });

  it('runs the movements of a batch that failed as a whole again one by one, each with its own result', async () => {
    const { runner, sent } = controlledRunner();
    const batcher = new MovementBatcher(runner);

    const first = batcher.submit(call('ann'));
    const batch = [batcher.submit(call('bob')), batcher.submit(call('broke')), batcher.submit(call('cy'))];
    const outcomes = Promise.allSettled(batch);
    sent[0]!.finish();
    await first;
    await settle();
    sent[1]!.finish(new Error('deadlock detected'));
    for (let i = 2; i < 5; i++) {
      await settle();
      sent[i]!.finish();
    }

    expect(sent.slice(2).map((s) => [s.kind, s.calls[0]!.args[0]])).toEqual([
      ['one', 'bob'],
      ['one', 'broke'],
      ['one', 'cy'],
    ]);
    expect(
      (await outcomes).map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
    ).toEqual(['bob:1', 'broke alone', 'cy:1']);
  });

  it('passes a lone movement\u2019s error to its caller and goes on with the next', async () => {
    const { runner, sent } = controlledRunner();
    const batcher = new MovementBatcher(runner);

    const broken = batcher.submit(call('broke'));
    const next = batcher.submit(call('ann'));
    sent[0]!.finish();
    await expect(broken).rejects.toThrow('broke alone');
    await settle();
    sent[1]!.finish();

    expect(await next).toBe('ann:1');
  });
});
