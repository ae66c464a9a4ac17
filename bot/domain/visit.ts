import { CheckInDetails } from './check-in';
import { Refusal, refuse } from './refusal';

export type VisitStatus = 'waiting' | 'called' | 'in_consultation' | 'seen' | 'left' | 'no_show' | 'not_reached';

export const ACTIVE_STATUSES: readonly VisitStatus[] = ['waiting', 'called', 'in_consultation'];

export type MessageKind = 'place' | 'called' | 'not_reached' | 'left';

export interface Delivery {
  kind: MessageKind;
  delivered: boolean;
  at: string;
}

export interface Visit extends CheckInDetails {
  id: string;
  surgeryId: string;
  ticket: number;
  lobbyTag: string;
  /** Where the resident reached us: the bot channel id ("msteams", "webchat", "directline"...). */
  channel: string;
  /** Key of the resident's bot conversation, for messages to them; absent for residents added by hand. */
  chatKey?: string;
  status: VisitStatus;
  checkedInAt: string;
  calledAt?: string;
  calledBy?: string;
  joinedAt?: string;
  finishedAt?: string;
  outcome?: string;
  lastMessage?: Delivery;
}

export type VisitEvent =
  | { type: 'call'; by: string }
  | { type: 'join' }
  | { type: 'see'; outcome: string }
  | { type: 'no_show' }
  | { type: 'leave' }
  | { type: 'surgery_ended' };

type EventType = VisitEvent['type'];

/** The rules: from each state, which events are allowed and where they lead. */
export const TRANSITIONS: Record<VisitStatus, Partial<Record<EventType, VisitStatus>>> = {
  waiting: { call: 'called', leave: 'left', surgery_ended: 'not_reached' },
  called: { join: 'in_consultation', see: 'seen', no_show: 'no_show', leave: 'left', surgery_ended: 'not_reached' },
  in_consultation: { see: 'seen' },
  seen: {},
  left: {},
  no_show: {},
  not_reached: {},
};

const DESCRIPTIONS: Record<VisitStatus, string> = {
  waiting: 'is waiting',
  called: 'has been called',
  in_consultation: 'is with a councillor',
  seen: 'has been seen',
  left: 'has left the queue',
  no_show: 'was marked as not joining',
  not_reached: 'was not reached before the surgery ended',
};

export function isActive(visit: Visit): boolean {
  return ACTIVE_STATUSES.includes(visit.status);
}

export function applyVisitEvent(visit: Visit, event: VisitEvent, now: Date): Visit | Refusal {
  const next = TRANSITIONS[visit.status][event.type];
  if (!next) {
    return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} ${DESCRIPTIONS[visit.status]}, so that cannot be done now.`);
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
    default:
      return { ...moved, finishedAt: at };
  }
}
