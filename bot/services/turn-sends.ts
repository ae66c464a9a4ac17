import type { TurnHold } from '../storage/ports';

/**
 * The turns this instance is answering, per chat, so that the outbox never overtakes a turn's reply.
 *
 * A check-in's place card is saved as shown, in the check-in's own transaction, before its turn sends it. A
 * councillor's change saved a moment later writes the card's next version, and the outbox would send it at
 * once: on a slow connection the turn's older card could then reach the chat after it, and stay as the last
 * word (in Web Chat, a new message below; in Teams, the update that lands last). So the card kept as shown
 * carries a hold: until its turn has sent it, or until the longest a send may take has passed, the outbox
 * sends nothing more to that chat. The instance that ran the turn knows when it has finished and lets its
 * outbox go on at once; another instance waits out the hold.
 */
export class TurnSends {
  /** Turns under way, per chat. */
  private readonly answering = new Map<string, number>();
  /** When each chat's last turn here finished (epoch ms), kept as long as a hold could last: oldest first. */
  private readonly finished = new Map<string, number>();
  private readonly listeners: ((chatKey: string) => void)[] = [];

  /** `holdMs`: how long a turn's reply can take at most, so how long a hold lasts. */
  constructor(
    private readonly clock: () => Date,
    readonly holdMs: number,
  ) {}

  /** Runs a turn of this chat: its replies are sent before `answer` resolves. */
  async during<T>(chatKey: string, answer: () => Promise<T>): Promise<T> {
    this.answering.set(chatKey, (this.answering.get(chatKey) ?? 0) + 1);
    try {
      return await answer();
    } finally {
      const left = (this.answering.get(chatKey) ?? 1) - 1;
      if (left > 0) this.answering.set(chatKey, left);
      else this.answering.delete(chatKey);
      const now = this.clock().getTime();
      this.forgetBefore(now - this.holdMs);
      this.finished.delete(chatKey);
      this.finished.set(chatKey, now);
      if (left === 0) for (const listener of this.listeners) listener(chatKey);
    }
  }

  /** Whether a hold on this chat that began at `fromMs` is over here: the turn that set it ran here and has finished. */
  sentSince(chatKey: string, fromMs: number): boolean {
    if (this.answering.has(chatKey)) return false;
    const at = this.finished.get(chatKey);
    return at !== undefined && at >= fromMs;
  }

  /** Told of each chat whose turns here have all finished. */
  onFinished(listener: (chatKey: string) => void): void {
    this.listeners.push(listener);
  }

  /** A hold on a card kept as shown now, for its turn to send. */
  holdFrom(now: Date): TurnHold {
    return { from: now.toISOString(), until: new Date(now.getTime() + this.holdMs).toISOString() };
  }

  private forgetBefore(ms: number): void {
    for (const [chatKey, at] of this.finished) {
      if (at >= ms) return;
      this.finished.delete(chatKey);
    }
  }
}
