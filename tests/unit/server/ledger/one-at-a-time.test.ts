import { describe, expect, it } from 'vitest';
import { OneAtATime } from '../../../../server/ledger/one-at-a-time.ts';

/** A task that records when it starts and ends, and finishes when told to. */
function controlledTask(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const task = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = (value) => {
        log.push(`end ${name}`);
        resolve(value);
      };
      fail = (error) => {
        log.push(`fail ${name}`);
        reject(error);
      };
    });
  };
  return { task, finish: (value = name) => finish(value), fail: (error: Error) => fail(error) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('OneAtATime', () => {
  it('starts a task under a key only once the one queued before it has finished, in arrival order', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => controlledTask(log, name));

    const results = [
      queue.run('user_1', a!.task),
      queue.run('user_1', b!.task),
      queue.run('user_1', c!.task),
    ];
    await settle();
    expect(log).toEqual(['start a']);
    a!.finish();
    await settle();
    b!.finish();
    await settle();
    c!.finish();

    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs tasks under different keys side by side', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => controlledTask(log, name));

    const results = [queue.run('user_1', a!.task), queue.run('user_2', b!.task)];
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b!.finish();
    a!.finish();

    expect(await Promise.all(results)).toEqual(['a', 'b']);
  });

  it('passes a failure to its caller and still runs the next task', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => controlledTask(log, name));

    const failed = queue.run('user_1', a!.task);
    const next = queue.run('user_1', b!.task);
    await settle();
    a!.fail(new Error('insufficient_credits'));
    await expect(failed).rejects.toThrow('insufficient_credits');
    await settle();
    b!.finish();

    expect(await next).toBe('b');
    expect(log).toEqual(['start a', 'fail a', 'start b', 'end b']);
  });

  it('forgets a key once its queue is empty', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const a = controlledTask(log, 'a');

    const result = queue.run('user_1', a.task);
    expect(queue.activeKeys).toBe(1);
    await settle();
    a.finish();
    await result;
    await settle();

    expect(queue.activeKeys).toBe(0);
  });
});
