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

  /** How long to wait before the next send to this conversation keeps within every limit. */
  waitFor(conversation: string, now: number): number {
    return Math.max(
      waitUnder(this.perConversation.get(conversation) ?? [], this.conversationLimits, now),
      waitUnder(this.overall, this.overallLimits, now),
    );
  }

  record(conversation: string, now: number): void {
    const cutoff = now - this.longestWindow;
    const sent = (this.perConversation.get(conversation) ?? []).filter((at) => at > cutoff);
    sent.push(now);
    this.perConversation.set(conversation, sent);
    this.overall = this.overall.filter((at) => at > cutoff);
    this.overall.push(now);
    for (const [key, times] of this.perConversation) if (times[times.length - 1]! <= cutoff) this.perConversation.delete(key);
  }
}
