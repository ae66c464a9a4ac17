import { unchanged } from './queue';
import { Parsed, Refusal, isRefusal, refuse } from './refusal';
import { cleanText } from './text';
import { deliveryOf } from './visit';
import { MESSAGE_LIMIT, NotDeliveredReason, QUICK_REPLIES, QuickReply } from '../api-types';
import type { CouncillorMessage, QueueChange, QueueState, Visit } from './model';

/** Enough for a long wait; it keeps one visit's stored row small. */
export const MESSAGES_PER_VISIT = 20;

const isQuickReply = (value: unknown): value is QuickReply => typeof value === 'string' && Object.hasOwn(QUICK_REPLIES, value);

/** Checks what the tab sent: a quick reply by name, or free text. */
export function parseCouncillorMessage(input: Record<string, unknown>): Parsed<string> {
  if (input.quickReply !== undefined) {
    if (input.text !== undefined)
      return { ok: false, problems: [{ field: 'text', message: 'Send a quick reply or your own words, not both.' }] };
    return isQuickReply(input.quickReply)
      ? { ok: true, value: QUICK_REPLIES[input.quickReply] }
      : { ok: false, problems: [{ field: 'quickReply', message: 'Choose a quick reply from the list.' }] };
  }
  if (input.text !== undefined && typeof input.text !== 'string')
    return { ok: false, problems: [{ field: 'text', message: 'The message must be text.' }] };
  const text = cleanText(input.text);
  if (text === '') return { ok: false, problems: [{ field: 'text', message: 'Write a message or choose a quick reply.' }] };
  if (text.length > MESSAGE_LIMIT)
    return { ok: false, problems: [{ field: 'text', message: `Keep the message to ${MESSAGE_LIMIT} characters or fewer.` }] };
  return { ok: true, value: text };
}

export function findVisit(state: QueueState, visitId: string): Visit | Refusal {
  return state.visits.find((v) => v.id === visitId) ?? refuse('VISIT.NOT_FOUND', 'That resident is not in this surgery.');
}

/** Adds a councillor's message to a waiting or called resident's visit; the event has it sent. */
export function messageResident(
  state: QueueState,
  visitId: string,
  message: { id: string; text: string; by: string },
  now: Date,
): QueueChange | Refusal {
  const visit = findVisit(state, visitId);
  if (isRefusal(visit)) return visit;
  if (visit.status !== 'waiting' && visit.status !== 'called') {
    return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} is not waiting, so messages from here are not needed now.`);
  }
  if (!visit.chatKey)
    return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} did not check in by chat, so they cannot be messaged from here.`);
  const messages = visit.messages ?? [];
  if (messages.length >= MESSAGES_PER_VISIT)
    return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} has been sent ${MESSAGES_PER_VISIT} messages already.`);
  const sent: CouncillorMessage = { ...message, at: now.toISOString() };
  return {
    surgery: state.surgery,
    visits: [{ ...visit, messages: [...messages, sent] }],
    events: [{ type: 'messaged', visitId, messageId: message.id }],
  };
}

/** Records whether one councillor message reached the resident, for the tab's per-message status. */
export function recordMessageDelivery(
  state: QueueState,
  visitId: string,
  messageId: string,
  delivered: boolean,
  now: Date,
  reason?: NotDeliveredReason,
): QueueChange | Refusal {
  return recordSentDelivery(state, visitId, 'messages', messageId, delivered, now, reason);
}

/** Marks one message in a visit's list (messages, or case updates) delivered or not. */
export function recordSentDelivery(
  state: QueueState,
  visitId: string,
  list: 'messages' | 'caseUpdates',
  id: string,
  delivered: boolean,
  now: Date,
  reason?: NotDeliveredReason,
): QueueChange | Refusal {
  const visit = findVisit(state, visitId);
  if (isRefusal(visit)) return visit;
  const sent: readonly CouncillorMessage[] = visit[list] ?? [];
  if (!sent.some((m) => m.id === id)) return unchanged(state);
  const marked = sent.map((m) => (m.id === id ? { ...m, delivered } : m));
  const kind = list === 'messages' ? 'message' : 'case_update';
  return {
    surgery: state.surgery,
    visits: [{ ...visit, [list]: marked, lastMessage: deliveryOf(kind, delivered, now, reason) }],
    events: [],
  };
}
