import type { Scheduler } from '../../bot/services/scheduler';

interface Pending {
  at: number;
  order: number;
  work: () => Promise<void> | void;
}

/**
 * Background work that runs only when the test moves time on, in the order it falls due, each piece
 * finished before the next: what an instance does over an hour is counted in ticks, never timed.
 */
export class ManualScheduler implements Scheduler {
  private now = 0;
  private order = 0;
  private readonly pending = new Set<Pending>();

  constructor(private readonly startsAt = Date.parse('2026-03-02T09:00:00.000Z')) {}

  /** The app's clock, moved on with the scheduler. */
  readonly clock = (): Date => new Date(this.startsAt + this.now);

  after(ms: number, work: () => Promise<void> | void): () => void {
    const entry = { at: this.now + ms, order: this.order++, work };
    this.pending.add(entry);
    return () => this.pending.delete(entry);
  }

  every(ms: number, work: () => Promise<void> | void): () => void {
    let cancel = () => {};
    const next = () => {
      cancel = this.after(ms, async () => {
        next();
        await work();
      });
    };
    next();
    return () => cancel();
  }

  /** Moves time on by `ms`, running everything that falls due; returns how many pieces of work ran. */
  async advance(ms: number): Promise<number> {
    const until = this.now + ms;
    let ran = 0;
    for (;;) {
      const due = [...this.pending].filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.pending.delete(due);
      this.now = due.at;
      await due.work();
      ran += 1;
    }
    this.now = until;
    return ran;
  }
}
