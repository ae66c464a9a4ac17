import type { MeetingChange, MeetingPending, QueueChange, QueueState, Surgery } from './model';
import { unchanged } from './queue';

/**
 * How long an instance applying a pending change holds it: longer than Graph's calls and the token exchange
 * take together, so another instance never applies it too; short enough that a stopped instance's hold
 * soon lapses.
 */
const HOLD_MS = 2 * 60_000;
/** After Microsoft 365 refused a pending change, the organiser's calls try it again no sooner than this. */
const RETRY_AFTER_MS = 10 * 60_000;

/** Whose change it is to the surgery's Teams meeting: its organiser's (Graph follows at once), or someone else's. */
export type MeetingFollows = 'now' | 'later' | 'never';

/** The councillor's change, and when it is someone else's, what the meeting does not show yet. */
interface MeetingChangeBy {
  id: string;
  by: string;
}

/**
 * A change to a surgery as its Teams meeting follows it. The organiser's own change reaches the meeting at
 * once, so nothing is left pending. Anyone else's is kept for the organiser's next call, added to what is
 * already pending (the meeting will show the surgery as it is then): by and when are the latest change's.
 */
export function followedByMeeting(
  change: QueueChange,
  follows: MeetingFollows,
  what: readonly MeetingChange[],
  by: MeetingChangeBy,
  now: Date,
): QueueChange {
  if (follows === 'never') return change;
  const { meetingPending: earlier, ...surgery } = change.surgery;
  if (follows === 'now') return earlier ? { ...change, surgery } : change;
  if (what.length === 0) return change;
  const all = what.includes('cancelled') ? ['cancelled' as const] : [...new Set([...(earlier?.what ?? []), ...what])];
  const pending: MeetingPending = { id: by.id, what: all, by: by.by, at: now.toISOString() };
  return { ...change, surgery: { ...surgery, meetingPending: pending } };
}

/**
 * The pending change held for `holder` while its organiser's call applies it, so no other instance applies it
 * too; unchanged when there is none, the surgery has no meeting Surgery Queue made, or it is held or waiting
 * to be tried again.
 */
export function holdMeetingPending(state: QueueState, holder: string, now: Date): QueueChange {
  const pending = state.surgery.meetingPending;
  if (!pending || !meetingPendingDue(state.surgery, now)) return unchanged(state);
  const heldUntil = new Date(now.getTime() + HOLD_MS).toISOString();
  return { surgery: { ...state.surgery, meetingPending: { ...pending, heldUntil, holder } }, visits: [], events: [] };
}

/** Whether the surgery has a change for its Teams meeting that nobody holds now and that is not waiting to be tried again. */
export function meetingPendingDue(surgery: Surgery, now: Date): boolean {
  const pending = surgery.meetingPending;
  if (!pending || !surgery.teamsMeeting) return false;
  return !pending.heldUntil || Date.parse(pending.heldUntil) <= now.getTime();
}

/** Whether this holder holds the surgery's pending change. */
export function holds(surgery: Surgery, holder: string): boolean {
  return surgery.meetingPending?.holder === holder;
}

/**
 * What became of pending change `id` at the organiser's call: gone once Microsoft 365 accepted it, or kept
 * with why it refused, to be tried again later. A later change that replaced it meanwhile stays as it is.
 */
export function settleMeetingPending(state: QueueState, id: string, refused: string | undefined, now: Date): QueueChange {
  const pending = state.surgery.meetingPending;
  if (!pending || pending.id !== id) return unchanged(state);
  const { meetingPending: _done, ...surgery } = state.surgery;
  if (refused === undefined) return { surgery, visits: [], events: [] };
  const { holder: _holder, ...rest } = pending;
  const heldUntil = new Date(now.getTime() + RETRY_AFTER_MS).toISOString();
  return { surgery: { ...surgery, meetingPending: { ...rest, refused, heldUntil } }, visits: [], events: [] };
}
