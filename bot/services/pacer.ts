export interface RateLimit {
  count: number;
  windowMs: number;
}

/** Teams' limits: per conversation 7 messages a second and 60 per 30 seconds; per tenant about 50 a second. */
const TEAMS_CONVERSATION_LIMITS: RateLimit[] = [
  { count: 7, windowMs: 1000 },
  { count: 60, windowMs: 30_000 },
];
/** About 50 a second per tenant, shared by every instance: each keeps to its share (TEAMS_SENDS_PER_SECOND). */
const TEAMS_TENANT_PER_SECOND = 50;

/** One send: it reaches the channel some time between its start and its end, which is unknown while in flight. */
interface Send {
  doneAt?: number;
}

/**
 * How long from `now` until one more send keeps within every limit, or undefined until a send in flight ends.
 * A send counts until a window has passed since it ended, the latest it can have reached the channel: the
 * moment it was booked or started says nothing of when the channel counted it on a busy machine.
 */
function waitUnder(sends: Send[], limits: RateLimit[], now: number): number | undefined {
  let wait = 0;
  for (const { count, windowMs } of limits) {
    const counted = sends.filter((send) => send.doneAt === undefined || send.doneAt > now - windowMs);
    const mustEnd = counted.length - count + 1;
    if (mustEnd <= 0) continue;
    const leaving = counted.flatMap((send) => (send.doneAt === undefined ? [] : [send.doneAt + windowMs])).sort((a, b) => a - b);
    if (leaving.length < mustEnd) return undefined;
    wait = Math.max(wait, leaving[mustEnd - 1]! - now);
  }
  return wait;
}

/** Keeps sends within sliding-window limits, per conversation and overall. Times are milliseconds. */
export class Pacer {
  private readonly perConversation = new Map<string, Send[]>();
  private overall: Send[] = [];
  /** How far back a send still counts against the overall limits. */
  private readonly overallWindowMs: number;
  /** When every conversation's sends were last looked through for ones that no longer count. */
  private sweptAt = -Infinity;
  /** How far back a conversation's sends still count. */
  readonly conversationWindowMs: number;

  constructor(
    private readonly conversationLimits: RateLimit[] = TEAMS_CONVERSATION_LIMITS,
    private readonly overallLimits: RateLimit[] = [{ count: TEAMS_TENANT_PER_SECOND, windowMs: 1000 }],
  ) {
    this.conversationWindowMs = Math.max(...conversationLimits.map((l) => l.windowMs));
    this.overallWindowMs = Math.max(...overallLimits.map((l) => l.windowMs));
  }

  /** When the sends to this conversation that still count ended, oldest first. */
  sendsTo(conversation: string, now: number): number[] {
    return this.current(conversation, now)
      .flatMap((send) => (send.doneAt === undefined ? [] : [send.doneAt]))
      .sort((a, b) => a - b);
  }

  /**
   * Counts sends to this conversation that another instance made (when each ended), so the conversation's
   * limits hold whichever instance sends next; a time already counted here is this instance's own send.
   */
  heard(conversation: string, doneTimes: readonly number[]): void {
    const sends = this.perConversation.get(conversation) ?? [];
    const known = new Set(sends.map((send) => send.doneAt));
    const news = doneTimes.filter((at) => !known.has(at)).map((at): Send => ({ doneAt: at }));
    if (news.length > 0) this.perConversation.set(conversation, [...sends, ...news]);
  }

  /** How long from `now` until a send to this conversation may start: 0 for now, undefined until a send in flight ends. */
  waitBefore(conversation: string, now: number): number | undefined {
    const mine = waitUnder(this.current(conversation, now), this.conversationLimits, now);
    this.overall = this.overall.filter(stillCounts(now - this.overallWindowMs));
    const everyone = waitUnder(this.overall, this.overallLimits, now);
    return mine === undefined || everyone === undefined ? undefined : Math.max(mine, everyone);
  }

  /**
   * Counts a send starting now (check waitBefore in the same step, so sends side by side never share a
   * place); returns what to call with the time it ended, answered or not, or with undefined if it never went.
   */
  start(conversation: string): (doneAt: number | undefined) => void {
    const send: Send = {};
    this.perConversation.set(conversation, [...(this.perConversation.get(conversation) ?? []), send]);
    this.overall.push(send);
    return (doneAt) => {
      if (doneAt !== undefined) send.doneAt = doneAt;
      else this.withdraw(conversation, send);
    };
  }

  private withdraw(conversation: string, send: Send): void {
    this.overall = this.overall.filter((s) => s !== send);
    const kept = (this.perConversation.get(conversation) ?? []).filter((s) => s !== send);
    if (kept.length === 0) this.perConversation.delete(conversation);
    else this.perConversation.set(conversation, kept);
  }

  /**
   * This conversation's sends that still count. Only its own are looked through, so a send costs the same however
   * many chats were sent to lately; the others are looked through at most once a window, so none is kept for long.
   */
  private current(conversation: string, now: number): Send[] {
    const cutoff = now - this.conversationWindowMs;
    if (now - this.sweptAt >= this.conversationWindowMs) {
      this.sweptAt = now;
      for (const key of [...this.perConversation.keys()]) this.keep(key, cutoff);
    }
    return this.keep(conversation, cutoff);
  }

  private keep(conversation: string, cutoff: number): Send[] {
    const sends = this.perConversation.get(conversation);
    if (!sends) return [];
    const kept = sends.filter(stillCounts(cutoff));
    if (kept.length === 0) this.perConversation.delete(conversation);
    else if (kept.length < sends.length) this.perConversation.set(conversation, kept);
    return kept;
  }
}

/** A send counts until its window has passed since it ended; one in flight counts. */
const stillCounts =
  (cutoff: number) =>
  (send: Send): boolean =>
    send.doneAt === undefined || send.doneAt > cutoff;

/** Teams' limits, with this instance keeping to `sendsPerSecond` of the tenant's. */
export const teamsPacer = (sendsPerSecond: number): Pacer =>
  new Pacer(TEAMS_CONVERSATION_LIMITS, [{ count: sendsPerSecond, windowMs: 1000 }]);
