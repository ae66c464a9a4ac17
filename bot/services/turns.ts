/**
 * Work that takes turns, per key: each piece runs once the key's work before it has finished, whether that
 * succeeded or failed, and a key is forgotten as soon as its line is empty.
 */
export class Turns<K> {
  /** The end of each key's line: settles when its last piece of work has, never rejects. */
  private readonly lines = new Map<K, Promise<void>>();

  /** Runs `work` after every piece of work for `key` before it; settles as `work` does. */
  run<T>(key: K, work: () => Promise<T>): Promise<T> {
    const turn = (this.lines.get(key) ?? Promise.resolve()).then(work);
    const done = turn.then(
      () => undefined,
      () => undefined,
    );
    this.lines.set(key, done);
    void done.then(() => {
      if (this.lines.get(key) === done) this.lines.delete(key);
    });
    return turn;
  }

  /** Whether work for `key` is under way or waiting its turn. */
  busy(key: K): boolean {
    return this.lines.has(key);
  }
}
