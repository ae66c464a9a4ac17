import { Refusal, refuse } from './refusal';
import type { NotDeliveredReason } from '../api-types';
import type { Delivery, MessageKind, Visit, VisitEvent, VisitStatus } from './model';

const ACTIVE_STATUSES: readonly VisitStatus[] = ['waiting', 'called', 'in_consultation'];

/** What the tab shows of the last message to a resident: whether it reached them, and if not, why. */
export function deliveryOf(kind: MessageKind, delivered: boolean, now: Date, reason?: NotDeliveredReason): Delivery {
  return { kind, delivered, at: now.toISOString(), ...(!delivered && reason ? { reason } : {}) };
}

type EventType = VisitEvent['type'];

/** The rules: from each state, which events are allowed and where they lead. */
export const TRANSITIONS: Record<VisitStatus, Partial<Record<EventType, VisitStatus>>> = {
  waiting: { call: 'called', leave: 'left', surgery_ended: 'not_reached', leave_issue: 'follow_up' },
  called: { join: 'in_consultation', see: 'seen', no_show: 'no_show', leave: 'left', surgery_ended: 'not_reached' },
  in_consultation: { see: 'seen' },
  seen: {},
  left: {},
  no_show: { return: 'waiting' },
  not_reached: {},
  follow_up: {},
};

const DESCRIPTIONS: Record<VisitStatus, string> = {
  waiting: 'is waiting',
  called: 'has been called',
  in_consultation: 'is with a councillor',
  seen: 'has been seen',
  left: 'has left the queue',
  no_show: 'was marked as not joining',
  not_reached: 'was not reached before the surgery ended',
  follow_up: 'has left their issue for a councillor to follow up',
};

/**
 * The same, said to the resident: the changes a resident asks for themselves (leaving, leaving their issue,
 * "I'm here") are refused in words the bot and their status page can pass on as they are.
 */
const YOUR_STATUS: Record<VisitStatus, string> = {
  waiting: 'You are waiting in the queue',
  called: 'You have been called',
  in_consultation: 'You are with a councillor now',
  seen: 'Your visit has ended',
  left: 'You have left the queue',
  no_show: 'You were marked as not joining',
  not_reached: 'The surgery ended before we reached you',
  follow_up: 'You have left your issue for a councillor to follow up',
};

const RESIDENTS_OWN: Partial<Record<VisitEvent['type'], string>> = {
  leave: 'leave the queue',
  leave_issue: 'leave your issue for the councillors',
  return: 'come back to the queue',
};

export function isActive(visit: Visit): boolean {
  return ACTIVE_STATUSES.includes(visit.status);
}

export function applyVisitEvent(visit: Visit, event: VisitEvent, now: Date): Visit | Refusal {
  const next = TRANSITIONS[visit.status][event.type];
  if (!next) {
    const residents = RESIDENTS_OWN[event.type];
    return refuse(
      'VISIT.WRONG_STATE',
      residents
        ? `${YOUR_STATUS[visit.status]}, so you cannot ${residents}.`
        : `${visit.lobbyTag} ${DESCRIPTIONS[visit.status]}, so that cannot be done now.`,
    );
  }
  const at = now.toISOString();
  const moved: Visit = { ...visit, status: next };
  switch (event.type) {
    case 'call':
      return { ...moved, calledAt: at, calledBy: event.by };
    case 'join':
      return { ...moved, joinedAt: at };
    case 'see':
      return { ...moved, finishedAt: at, outcome: event.outcome };
    case 'leave_issue':
      return { ...moved, finishedAt: at, followUp: true };
    case 'return': {
      // Back in the queue as if never called: the next councillor free calls them again.
      const { calledAt: _calledAt, calledBy: _calledBy, finishedAt: _finishedAt, ...back } = moved;
      return { ...back, returnedAt: at };
    }
    default:
      return { ...moved, finishedAt: at };
  }
}
