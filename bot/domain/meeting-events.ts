import { markJoined } from './queue';
import { Refusal, isRefusal } from './refusal';
import type { QueueChange, QueueState, Surgery, Visit } from './model';

/**
 * What Teams tells the bot about a surgery's meeting (https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#receive-real-time-teams-meeting-events),
 * named by the meeting's id and, for start and end, its join link too: a meeting Surgery Queue made is
 * known by its join link before the app is added to it.
 */
export type MeetingEvent =
  | { kind: 'meeting_started'; meetingId: string; joinUrl?: string }
  | { kind: 'meeting_ended'; meetingId: string; joinUrl?: string }
  | { kind: 'participants_joined'; meetingId: string; names: string[] }
  | { kind: 'participants_left'; meetingId: string; names: string[] };

/** Whether a surgery runs in the meeting an event is about. */
export function runsIn(surgery: Surgery, event: MeetingEvent): boolean {
  if (surgery.meetingId !== undefined && surgery.meetingId === event.meetingId) return true;
  return 'joinUrl' in event && event.joinUrl !== undefined && sameJoinUrl(surgery.joinUrl, event.joinUrl);
}

// Teams writes the same link with its thread id's ':' and '@' escaped or not.
function sameJoinUrl(a: string, b: string): boolean {
  const plain = (url: string) => {
    try {
      return decodeURIComponent(url).split('?')[0]!.replace(/\/+$/, '').toLowerCase();
    } catch {
      return url.toLowerCase();
    }
  };
  return a !== '' && plain(a) === plain(b);
}

// A name as the lobby shows it: Teams adds a label such as "(Guest)" to people from outside the council.
function asTag(displayName: string): string {
  return displayName
    .normalize('NFKC')
    .replace(/\s*\((guest|external|unverified)\)\s*$/i, '')
    .replace(/[\s\u00b7.]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The visit in one of these states whose lobby tag the display name is, if exactly one is. */
function visitTagged(visits: readonly Visit[], displayName: string, statuses: readonly Visit['status'][]): Visit | undefined {
  const wanted = asTag(displayName);
  if (wanted === '') return undefined;
  const found = visits.filter((visit) => statuses.includes(visit.status) && asTag(visit.lobbyTag) === wanted);
  return found.length === 1 ? found[0] : undefined;
}

const unchanged = (state: QueueState): QueueChange => ({ surgery: state.surgery, visits: [], events: [] });

/** The meeting started before the surgery was opened: the panel offers to open it. */
export function noteMeetingStarted(state: QueueState, now: Date): QueueChange {
  if (state.surgery.status !== 'scheduled') return unchanged(state);
  return { surgery: { ...state.surgery, meetingNotice: { kind: 'started', at: now.toISOString() } }, visits: [], events: [] };
}

/**
 * The meeting ended while residents still wait or were called: the panel asks whether to end the surgery.
 * It never ends it: a councillor may have left by mistake, or moved to another meeting.
 */
export function noteMeetingEnded(state: QueueState, now: Date): QueueChange {
  const waiting = state.visits.filter((visit) => visit.status === 'waiting' || visit.status === 'called').length;
  if (state.surgery.status !== 'open' || waiting === 0) return unchanged(state);
  return { surgery: { ...state.surgery, meetingNotice: { kind: 'ended', at: now.toISOString(), waiting } }, visits: [], events: [] };
}

/** A called resident came in from the lobby under their tag: joined, and their consultation's clock starts. */
export function joinedByTag(state: QueueState, displayName: string, now: Date): QueueChange | Refusal {
  const visit = visitTagged(state.visits, displayName, ['called']);
  return visit ? markJoined(state, visit.id, now) : unchanged(state);
}

/** A resident in consultation left the meeting: the panel offers "Seen" for them. */
export function leftByTag(state: QueueState, displayName: string, now: Date): QueueChange {
  const visit = visitTagged(state.visits, displayName, ['in_consultation']);
  if (!visit) return unchanged(state);
  return { surgery: state.surgery, visits: [{ ...visit, leftMeetingAt: now.toISOString() }], events: [] };
}

/** Several names at once, as Teams sends them: each change applied to the state the last one left. */
export function forEachName(
  state: QueueState,
  names: readonly string[],
  now: Date,
  one: (state: QueueState, name: string, now: Date) => QueueChange | Refusal,
): QueueChange {
  let surgery = state.surgery;
  const changed = new Map<string, Visit>();
  const events: QueueChange['events'] = [];
  for (const name of names) {
    const current: QueueState = { ...state, surgery, visits: state.visits.map((visit) => changed.get(visit.id) ?? visit) };
    const change = one(current, name, now);
    if (isRefusal(change)) continue;
    surgery = change.surgery;
    for (const visit of change.visits) changed.set(visit.id, visit);
    events.push(...change.events);
  }
  return { surgery, visits: [...changed.values()], events };
}
