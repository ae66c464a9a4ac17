import type { MeetingApi, MeetingApisRefused } from '../api-types';
import type { MeetingApiObservation, MeetingApisObserved, QueueChange, QueueState, StageNotice, Surgery, Visit } from './model';
import { afterChange, unchanged } from './queue';

/** A councillor is told at most once a minute, however busy the queue. */
const STAGE_NOTICE_GAP_MS = 60_000;
/** Teams takes at most 10 recipients for one notification. */
const MOST_STAGE_RECIPIENTS = 10;

// An Entra object id; councillors named by email address cannot be notified by Teams.
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The councillors Teams can notify: the organiser and those added by Entra object id, at most ten. */
function stageRecipientsOf(surgery: Surgery): string[] {
  const ids = [surgery.organiser?.id, ...(surgery.councillorAccounts ?? [])]
    .filter((id): id is string => id !== undefined && OBJECT_ID.test(id))
    .map((id) => id.toLowerCase());
  return [...new Set(ids)].slice(0, MOST_STAGE_RECIPIENTS);
}

/**
 * The surgery with a notice recorded for each councillor not told in the last minute, and the event that
 * sends it; undefined when the surgery runs in no known meeting or everyone was told too recently.
 */
function notify(surgery: Surgery, notice: StageNotice, now: Date): { surgery: Surgery; event: QueueChange['events'][number] } | undefined {
  if (!surgery.meetingId) return undefined;
  const told = surgery.stageNoticedAt ?? {};
  const recipients = stageRecipientsOf(surgery).filter((id) => !told[id] || now.getTime() - Date.parse(told[id]) >= STAGE_NOTICE_GAP_MS);
  if (recipients.length === 0) return undefined;
  const stageNoticedAt = { ...told };
  for (const id of recipients) stageNoticedAt[id] = now.toISOString();
  return {
    surgery: { ...surgery, stageNoticedAt },
    event: { type: 'stage_notice', meetingId: surgery.meetingId, recipients, notice },
  };
}

/** A resident checked in to a queue nobody else was waiting in: the councillors may be busy elsewhere, so they are told. */
export function noticeCheckInToEmptyQueue<C extends QueueChange>(before: QueueState, change: C, now: Date): C {
  const newcomer = change.events.find((event) => event.type === 'checked_in');
  const someoneAlready = before.visits.some((visit) => visit.status === 'waiting' || visit.status === 'called');
  const visit = newcomer && 'visitId' in newcomer ? change.visits.find((v) => v.id === newcomer.visitId) : undefined;
  if (!visit || someoneAlready) return change;
  const told = notify(change.surgery, { kind: 'resident_waiting', lobbyTags: [visit.lobbyTag] }, now);
  return told ? { ...change, surgery: told.surgery, events: [...change.events, told.event] } : change;
}

/**
 * Called residents whose promised time to join (`calledAdmitMinutes` after the call) has passed without a
 * join: the councillors are told once for each, all in one notice. One paced out is told at a later tick.
 */
export function noticeNotJoined(state: QueueState, calledAdmitMinutes: number, now: Date): QueueChange {
  if (state.surgery.status !== 'open') return unchanged(state);
  const late = state.visits.filter(
    (visit) =>
      visit.status === 'called' &&
      visit.calledAt !== undefined &&
      visit.notJoinedNoticeAt === undefined &&
      Date.parse(visit.calledAt) + calledAdmitMinutes * 60_000 <= now.getTime(),
  );
  if (late.length === 0) return unchanged(state);
  const told = notify(state.surgery, { kind: 'not_joined', lobbyTags: late.map((visit) => visit.lobbyTag) }, now);
  if (!told) return unchanged(state);
  const visits: Visit[] = late.map((visit) => ({ ...visit, notJoinedNoticeAt: now.toISOString() }));
  return { surgery: told.surgery, visits, events: [told.event] };
}

/** One change after another, as one change: what the second saw is what the first left. */
export function thenApply(state: QueueState, first: QueueChange, second: (state: QueueState) => QueueChange): QueueChange {
  const next = second(afterChange(state, first));
  const visits = new Map(first.visits.map((visit) => [visit.id, visit]));
  for (const visit of next.visits) visits.set(visit.id, visit);
  return {
    surgery: next.surgery,
    visits: [...visits.values()],
    ...(first.bookings ? { bookings: first.bookings } : {}),
    events: [...first.events, ...next.events],
  };
}

/**
 * What became of a notice on the meeting stage: `shown`, or refused by Teams for want of the meeting's
 * permission. The surgery remembers a refusal until Teams shows one again, so the panel can say so.
 */
export function recordStageNoticeOutcome(state: QueueState, shown: boolean, now: Date): QueueChange {
  const refusedAt = state.surgery.stageNoticesRefusedAt;
  if (shown === (refusedAt === undefined)) return unchanged(state);
  const { stageNoticesRefusedAt: _cleared, ...surgery } = state.surgery;
  return { surgery: shown ? surgery : { ...state.surgery, stageNoticesRefusedAt: now.toISOString() }, visits: [], events: [] };
}

/**
 * What Teams said, at `at`, of a question about the surgery's meeting: answered, or refused for want of the
 * meeting's permission. The surgery remembers a refusal until Teams answers that question again, so the panel
 * can say so. Word older than the newest the surgery has heard of that question changes nothing, whichever
 * instance it comes from and however late it arrives.
 */
export function recordMeetingApiOutcome(state: QueueState, api: MeetingApi, answered: boolean, at: string): QueueChange {
  const { meetingApisRefusedAt, meetingApisSeenAt, ...rest } = state.surgery;
  const seen = meetingApisSeenAt?.[api];
  if (seen !== undefined && seen >= at) return unchanged(state);
  const { [api]: refusedAt, ...others } = meetingApisRefusedAt ?? {};
  // A refusal already shown keeps its time, so a note a councillor dismissed stays dismissed.
  const refused = answered ? others : { ...others, [api]: refusedAt ?? at };
  const surgery: Surgery = {
    ...rest,
    ...(Object.keys(refused).length > 0 ? { meetingApisRefusedAt: refused } : {}),
    meetingApisSeenAt: { ...meetingApisSeenAt, [api]: at },
  };
  return { surgery, visits: [], events: [] };
}

/** What Teams said of the meeting's questions before this surgery was set up in it, as the surgery keeps it. */
export function meetingApisHeard(observed: MeetingApisObserved): Pick<Surgery, 'meetingApisRefusedAt' | 'meetingApisSeenAt'> {
  const heard = Object.entries(observed) as Array<[MeetingApi, MeetingApiObservation]>;
  if (heard.length === 0) return {};
  const refused = heard.filter(([, observation]) => observation.refused).map(([api, observation]) => [api, observation.at]);
  return {
    ...(refused.length > 0 ? { meetingApisRefusedAt: Object.fromEntries(refused) as MeetingApisRefused } : {}),
    meetingApisSeenAt: Object.fromEntries(heard.map(([api, observation]) => [api, observation.at])),
  };
}
