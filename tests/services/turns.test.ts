import { Turns } from '../../bot/services/turns';

/** A piece of work that finishes (or fails) when told to, and says when it started. */
function step(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const settled = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    work: () => {
      log.push(name);
      return settled;
    },
    finish: () => finish(),
    fail: (error: Error) => fail(error),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Work that takes turns per key', () => {
  it('When work for one key is under way, then the next piece for that key starts only once it has finished, while another key goes at once', async () => {
    const turns = new Turns<string>();
    const log: string[] = [];
    const first = step(log, 'a1');
    const second = step(log, 'a2');
    const other = step(log, 'b1');

    const running = [turns.run('a', first.work), turns.run('a', second.work), turns.run('b', other.work)];
    await flush();
    expect(log).toEqual(['a1', 'b1']);

    first.finish();
    await flush();
    expect(log).toEqual(['a1', 'b1', 'a2']);
    second.finish();
    other.finish();
    await Promise.all(running);
  });

  it('When a piece of work fails, then its caller hears the failure and the next piece for the key still runs', async () => {
    const turns = new Turns<string>();
    const log: string[] = [];
    const failing = step(log, 'a1');
    const next = step(log, 'a2');

    const failed = turns.run('a', failing.work);
    const after = turns.run('a', next.work);
    failing.fail(new Error('storage said no'));

    await expect(failed).rejects.toThrow('storage said no');
    await flush();
    expect(log).toEqual(['a1', 'a2']);
    next.finish();
    await expect(after).resolves.toBeUndefined();
  });

  it('When a key has work under way or waiting, then it is busy, and once its line is empty it is forgotten', async () => {
    const turns = new Turns<object>();
    const key = {};
    const log: string[] = [];
    const only = step(log, 'x');

    expect(turns.busy(key)).toBe(false);
    const running = turns.run(key, only.work);
    expect(turns.busy(key)).toBe(true);
    only.finish();
    await running;
    await flush();
    expect(turns.busy(key)).toBe(false);
  });

  it('When work returns a value, then its caller gets it', async () => {
    const turns = new Turns<string>();

    await expect(turns.run('a', async () => 42)).resolves.toBe(42);
  });
});
