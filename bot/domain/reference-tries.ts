/**
 * A booking reference quoted in a chat other than the one it was booked in needs the booking's postcode
 * too. Wrong answers are counted per reference and chat; enough of them lock that reference there for a
 * while, so a reference read out on the phone or seen in an email cannot be tried against many postcodes.
 */
export const WRONG_ANSWERS_ALLOWED = 3;
export const LOCK_MINUTES = 15;

export interface ReferenceTries {
  /** Wrong postcodes since the last lock. */
  wrong: number;
  /** While set and later than now, the reference cannot be used in this chat. */
  lockedUntil?: string;
}

/** Minutes left of a lock (at least 1), or undefined when the reference may be tried now. */
export function lockedFor(tries: ReferenceTries | undefined, now: Date): number | undefined {
  if (!tries?.lockedUntil) return undefined;
  const ms = new Date(tries.lockedUntil).getTime() - now.getTime();
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : undefined;
}

/** The tries after one more wrong postcode: the last allowed one locks the reference and starts the count again. */
export function afterWrongAnswer(tries: ReferenceTries | undefined, now: Date): ReferenceTries {
  const wrong = (tries?.wrong ?? 0) + 1;
  return wrong >= WRONG_ANSWERS_ALLOWED
    ? { wrong: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() }
    : { wrong };
}
