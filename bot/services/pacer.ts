export interface RateLimit {
  count: number;
  windowMs: number;
}

/** Teams' limits: per conversation 7 messages a second and 60 per 30 seconds; per tenant about 50 a second. */
const TEAMS_CONVERSATION_LIMITS: RateLimit[] = [
  { count: 7, windowMs: 1000 },
  { count: 60, windowMs: 30_000 },
];
const TEAMS_TENANT_LIMITS: RateLimit[] = [{ count: 50, windowMs: 1000 }];

function waitUnder(sent: number[], limits: RateLimit[], now: number): number {
  let wait = 0;
  for (const { count, windowMs } of limits) {
    const inWindow = sent.filter((at) => at > now - windowMs);
    if (inWindow.length >= count) wait = Math.max(wait, inWindow[inWindow.length - count]! + windowMs - now);
  }
  return wait;
}

/** Keeps sends within sliding-window limits, per conversation and overall. Times are milliseconds. */
export class Pacer {
  private readonly perConversation = new Map<string, number[]>();
  private overall: number[] = [];
  private readonly longestWindow: number;

  constructor(
    private readonly conversationLimits: RateLimit[] = TEAMS_CONVERSATION_LIMITS,
    private readonly overallLimits: RateLimit[] = TEAMS_TENANT_LIMITS,
  ) {
    this.longestWindow = Math.max(...conversationLimits.map((l) => l.windowMs), ...overallLimits.map((l) => l.windowMs));
  }

  /**
   * Books the next send to this conversation at the first moment every limit allows, and returns how long
   * from `now` that is. Booking and checking are one step, so sends started side by side never share a slot.
   */
  reserve(conversation: string, now: number): number {
    const wait = Math.max(
      waitUnder(this.perConversation.get(conversation) ?? [], this.conversationLimits, now),
      waitUnder(this.overall, this.overallLimits, now),
    );
    this.book(conversation, now + wait, now);
    return wait;
  }

  private book(conversation: string, at: number, now: number): void {
    const cutoff = now - this.longestWindow;
    const inOrder = (times: number[]) => [...times.filter((time) => time > cutoff), at].sort((a, b) => a - b);
    this.perConversation.set(conversation, inOrder(this.perConversation.get(conversation) ?? []));
    this.overall = inOrder(this.overall);
    for (const [key, times] of this.perConversation) if (times[times.length - 1]! <= cutoff) this.perConversation.delete(key);
  }
}
