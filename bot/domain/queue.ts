import { CheckInDetails } from './check-in';
import { MAX_TICKETS, lobbyTag } from './lobby-tag';
import { Refusal, isRefusal, refuse } from './refusal';
import { overRefusal } from './surgery';
import { caseReference } from './case-reference';
import { settleReopened } from './reopen';
import type { WardCheck } from './ward-check';
import type {
  Calling,
  Channel,
  Creating,
  MessageKind,
  NextSurgery,
  QueueChange,
  QueueEvent,
  QueueState,
  Surgery,
  Visit,
  VisitEvent,
} from './model';
import { applyVisitEvent, deliveryOf, isActive } from './visit';
import type { NotDeliveredReason } from '../api-types';

/**
 * Changes made as time passes (alerts, reminders) touch at most this many visits or bookings at once, so a
 * change and what it promises fit one storage transaction (100 rows); the next tick takes the rest.
 */
export const MOST_CHANGED_AT_ONCE = 50;

export interface NewVisit extends CheckInDetails {
  id: string;
  channel: Channel;
  chatKey?: string;
  statusToken?: string;
  /** The postcode looked up in the council's ward lists, when it keeps them. */
  wardCheck?: WardCheck;
}

export function checkIn(state: QueueState, resident: NewVisit, now: Date): Creating<Visit> | Refusal {
  const { surgery } = state;
  const over = overRefusal(surgery);
  if (over) return over;
  if (surgery.status !== 'open') return refuse('SURGERY.NOT_OPEN', 'This surgery is not open yet.');
  if (resident.chatKey && state.visits.some((v) => v.chatKey === resident.chatKey && isActive(v))) {
    return refuse('QUEUE.ALREADY_JOINED', 'You are already in the queue for this surgery.');
  }
  if (surgery.ticketsIssued >= MAX_TICKETS) return refuse('QUEUE.FULL', 'The queue for this surgery is full.');
  const ticket = surgery.ticketsIssued + 1;
  const { id, channel, chatKey, wardCheck, ...details } = resident;
  const visit: Visit = {
    ...details,
    id,
    surgeryId: surgery.id,
    ticket,
    lobbyTag: lobbyTag(details.name, ticket),
    channel,
    ...(chatKey ? { chatKey } : {}),
    ...(wardCheck ? { wardCheck: wardCheck.result, ...(wardCheck.postcodeWard ? { postcodeWard: wardCheck.postcodeWard } : {}) } : {}),
    status: 'waiting',
    checkedInAt: now.toISOString(),
    // Booked residents check in through checkInBooking; everyone here dropped in.
    booked: false,
  };
  return {
    surgery: { ...surgery, ticketsIssued: ticket },
    visits: [visit],
    events: [{ type: 'checked_in', visitId: id }],
    created: visit,
  };
}

/** A change that changes nothing: the service saves nothing for it. */
export function unchanged(state: QueueState): QueueChange {
  return { surgery: state.surgery, visits: [], events: [] };
}

export function isUnchanged(state: QueueState, change: QueueChange): boolean {
  return (
    change.surgery === state.surgery && change.visits.length === 0 && (change.bookings ?? []).length === 0 && change.events.length === 0
  );
}

/**
 * Waiting residents in the order drop-ins are called in: those who came back after being marked as not
 * joining first (they were already called once), then by ticket.
 */
export function waitingInOrder(visits: readonly Visit[]): Visit[] {
  const later = (v: Visit) => (v.returnedAt === undefined ? 1 : 0);
  return visits
    .filter((v) => v.status === 'waiting')
    .sort((a, b) => later(a) - later(b) || (a.returnedAt ?? '').localeCompare(b.returnedAt ?? '') || a.ticket - b.ticket);
}

/**
 * Who a free councillor calls next: a booked resident whose slot has come (earliest slot first), else
 * the first drop-in, else the booked resident whose slot is soonest (nobody else is waiting for it).
 */
export function callOrder(visits: readonly Visit[], now: Date): Visit[] {
  const at = now.toISOString();
  const waiting = waitingInOrder(visits);
  const booked = waiting
    .filter((v) => v.slotStartsAt !== undefined)
    .sort((a, b) => a.slotStartsAt!.localeCompare(b.slotStartsAt!) || a.ticket - b.ticket);
  return [
    ...waiting.filter((v) => v.returnedAt !== undefined),
    ...booked.filter((v) => v.slotStartsAt! <= at && v.returnedAt === undefined),
    ...waiting.filter((v) => v.slotStartsAt === undefined && v.returnedAt === undefined),
    ...booked.filter((v) => v.slotStartsAt! > at && v.returnedAt === undefined),
  ];
}

function change(state: QueueState, visitId: string, event: VisitEvent, now: Date): QueueChange | Refusal {
  const visit = state.visits.find((v) => v.id === visitId);
  if (!visit) return refuse('VISIT.NOT_FOUND', 'That resident is not in this surgery.');
  const next = applyVisitEvent(visit, event, now);
  if (isRefusal(next)) return next;
  const events: QueueEvent[] = [];
  if (next.status === 'called') events.push({ type: 'called', visitId });
  // Leaving an issue for follow-up takes the resident out of the queue just as leaving does.
  else if (next.status === 'left' || next.status === 'follow_up') events.push({ type: 'left', visitId });
  else if (next.status === 'not_reached') events.push({ type: 'not_reached', visitId });
  else if (!isActive(next)) events.push({ type: 'finished', visitId });
  return { surgery: state.surgery, visits: [next], events };
}

function requireOpen(surgery: Surgery): Refusal | undefined {
  const over = overRefusal(surgery);
  if (over) return over;
  if (surgery.status !== 'open') return refuse('SURGERY.NOT_OPEN', 'Open the surgery first.');
  return undefined;
}

/** On a break nobody new is called: residents were told when the councillors would be back. */
function refuseOnBreak(surgery: Surgery): Refusal | undefined {
  return surgery.onBreak ? refuse('SURGERY.ON_BREAK', 'The surgery is on a break. Resume it to call residents again.') : undefined;
}

export function admitNext(state: QueueState, by: string, now: Date): Calling | Refusal {
  const closed = requireOpen(state.surgery) ?? refuseOnBreak(state.surgery);
  if (closed) return closed;
  const next = callOrder(state.visits, now)[0];
  if (!next) return refuse('QUEUE.EMPTY', 'Nobody is waiting.');
  const called = applyVisitEvent(next, { type: 'call', by }, now);
  if (isRefusal(called)) return called;
  return { surgery: state.surgery, visits: [called], events: [{ type: 'called', visitId: called.id }], called };
}

export function admit(state: QueueState, visitId: string, by: string, now: Date): QueueChange | Refusal {
  return requireOpen(state.surgery) ?? refuseOnBreak(state.surgery) ?? change(state, visitId, { type: 'call', by }, now);
}

export function markJoined(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  return change(state, visitId, { type: 'join' }, now);
}

export function markSeen(state: QueueState, visitId: string, outcome: string, now: Date): QueueChange | Refusal {
  return change(state, visitId, { type: 'see', outcome }, now);
}

export function markNoShow(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  return change(state, visitId, { type: 'no_show' }, now);
}

export function leave(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  return change(state, visitId, { type: 'leave' }, now);
}

/** How long after being marked as not joining a resident may still say "I'm here" and be seen next. */
export const RETURN_WITHIN_MINUTES = 10;

/** A resident marked as not joining says "I'm here" in time: back in the queue, to be called next. */
export function returnAfterNoShow(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  const closed = requireOpen(state.surgery);
  if (closed) return closed;
  const visit = state.visits.find((v) => v.id === visitId);
  if (!visit) return refuse('VISIT.NOT_FOUND', 'That resident is not in this surgery.');
  if (visit.status === 'no_show' && now.getTime() - Date.parse(visit.finishedAt ?? '') > RETURN_WITHIN_MINUTES * 60_000) {
    return refuse('VISIT.WRONG_STATE', `Sorry, it is more than ${RETURN_WITHIN_MINUTES} minutes since we marked you as not joining.`);
  }
  const back = applyVisitEvent(visit, { type: 'return' }, now);
  if (isRefusal(back)) return back;
  return { surgery: state.surgery, visits: [back], events: [{ type: 'returned', visitId }] };
}

/** A waiting resident leaves the queue and leaves their issue for the councillors to follow up. */
export function leaveIssue(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  return change(state, visitId, { type: 'leave_issue' }, now);
}

/**
 * A phone resident who was called may be talking to a councillor on the phone: ending the surgery leaves
 * them for the councillor to mark seen or not reached, rather than closing their visit unasked.
 */
export function awaitsCouncillorAtEnd(visit: Visit): boolean {
  return visit.channel === 'phone' && visit.status === 'called';
}

export function reachedByEnd(visit: Visit): boolean {
  return (visit.status === 'waiting' || visit.status === 'called') && !awaitsCouncillorAtEnd(visit);
}

/**
 * Ends the surgery: everyone still waiting or called is not reached, and residents with a councillor stay.
 * The change saves the surgery alone, so it fits one storage transaction however long the queue is;
 * settleEnded marks the residents it did not reach whenever the queue is read. `next` is the ward's next
 * surgery, where they are sent to book.
 */
export function endSurgery(state: QueueState, now: Date, next?: NextSurgery): QueueChange | Refusal {
  if (state.surgery.cancelled) return refuse('SURGERY.CANCELLED', 'This surgery was cancelled.');
  if (state.surgery.status === 'ended') return refuse('SURGERY.ENDED', 'This surgery has already ended.');
  const events: QueueEvent[] = [{ type: 'surgery_ended' }];
  for (const visit of state.visits) if (reachedByEnd(visit)) events.push({ type: 'not_reached', visitId: visit.id });
  const { nextSurgery: _earlier, onBreak: _break, ...surgery } = state.surgery;
  return {
    surgery: { ...surgery, status: 'ended', endedAt: now.toISOString(), ...(next ? { nextSurgery: next } : {}) },
    visits: [],
    events,
  };
}

/**
 * A resident the surgery did not reach leaves their issue with the councillors: an open case to follow
 * up, with a reference. Made from the visit's id, so reading the queue again gives the same reference.
 */
export function notReachedFollowUp(visit: Visit, taken: Set<string>): Visit {
  const reference = visit.caseReference ?? caseReference(visit.id, taken);
  taken.add(reference);
  return { ...visit, followUp: visit.followUp ?? true, caseReference: reference };
}

/**
 * Once a surgery has ended, a resident still waiting or called was not reached, as of its end; those an earlier
 * end did not reach are back if it was reopened since.
 */
export function settleEnded(surgery: Surgery, stored: Visit[]): Visit[] {
  const visits = settleReopened(surgery, stored);
  if (surgery.status !== 'ended' || !surgery.endedAt) return visits;
  const endedAt = new Date(surgery.endedAt);
  const taken = new Set(visits.flatMap((v) => (v.caseReference ? [v.caseReference] : [])));
  // In ticket order, so a reference that grows because another took its first letters grows the same way each time.
  const settled = new Map<string, Visit>();
  for (const visit of [...visits].sort((a, b) => a.ticket - b.ticket)) {
    if (!reachedByEnd(visit)) continue;
    const notReached = applyVisitEvent(visit, { type: 'surgery_ended' }, endedAt);
    if (isRefusal(notReached)) continue;
    // An anonymised visit keeps no issue or contact: there is nothing to follow up.
    settled.set(visit.id, visit.anonymisedAt ? notReached : notReachedFollowUp(notReached, taken));
  }
  return visits.map((visit) => settled.get(visit.id) ?? visit);
}

/** Changed items in place of their old versions, new ones after. */
function replaced<T extends { id: string }>(items: T[], changes: T[]): T[] {
  const changed = new Map(changes.map((item) => [item.id, item]));
  const known = new Set(items.map((item) => item.id));
  return [...items.map((item) => changed.get(item.id) ?? item), ...changes.filter((item) => !known.has(item.id))];
}

/** The queue after a change is saved: its visits and bookings in place of the old ones, settled if it ended. */
export function afterChange(state: QueueState, change: QueueChange): QueueState {
  return {
    surgery: change.surgery,
    visits: settleEnded(change.surgery, replaced(state.visits, change.visits)),
    bookings: replaced(state.bookings ?? [], change.bookings ?? []),
  };
}

/** Records whether the last message to a resident reached them, so the tab can show what did not. */
export function recordDelivery(
  state: QueueState,
  visitId: string,
  kind: MessageKind,
  delivered: boolean,
  now: Date,
  reason?: NotDeliveredReason,
): QueueChange | Refusal {
  const visit = state.visits.find((v) => v.id === visitId);
  if (!visit) return refuse('VISIT.NOT_FOUND', 'That resident is not in this surgery.');
  // Another place card delivered as well as the last one changes nothing the councillor sees.
  if (
    kind === 'place' &&
    visit.lastMessage?.kind === 'place' &&
    visit.lastMessage.delivered === delivered &&
    visit.lastMessage.reason === reason
  )
    return unchanged(state);
  return { surgery: state.surgery, visits: [{ ...visit, lastMessage: deliveryOf(kind, delivered, now, reason) }], events: [] };
}
