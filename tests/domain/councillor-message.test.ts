import { MESSAGE_LIMIT, QUICK_REPLIES } from '../../bot/api-types';
import { MESSAGES_PER_VISIT, messageResident, parseCouncillorMessage, recordMessageDelivery } from '../../bot/domain/councillor-message';
import type { QueueState, Visit, VisitStatus } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T10:30:00.000Z');
const LATER = new Date('2025-03-01T10:31:00.000Z');
const queueOf = (visits: Visit[]): QueueState => ({ surgery: aSurgery({ ticketsIssued: visits.length }), visits });
const MESSAGE = { id: 'msg-1', text: 'Please join the lobby now.', by: 'Cllr Amina Patel' };

describe('parseCouncillorMessage', () => {
  it.each([
    ['the "still with someone" quick reply', { quickReply: 'still_with_someone' }, QUICK_REPLIES.still_with_someone],
    ['the "join the lobby" quick reply', { quickReply: 'join_lobby_now' }, 'Please join the lobby now.'],
    ['the "running late" quick reply', { quickReply: 'running_late' }, 'I’m running about 10 minutes late.'],
    ['their own words', { text: '  Two more people before you.  ' }, 'Two more people before you.'],
    ['their own words with control characters', { text: 'Nearly\u0000 there\u001b' }, 'Nearly there'],
    ['the longest message allowed', { text: 'x'.repeat(MESSAGE_LIMIT) }, 'x'.repeat(MESSAGE_LIMIT)],
  ])('When a councillor sends %s, then that is the text', (_, input, text) => {
    expect(parseCouncillorMessage(input)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['nothing', {}, 'text'],
    ['only spaces and control characters', { text: ' \u0007 ' }, 'text'],
    ['a message over the limit', { text: 'x'.repeat(MESSAGE_LIMIT + 1) }, 'text'],
    ['a message that is not text', { text: 42 }, 'text'],
    ['a quick reply not on the list', { quickReply: 'toString' }, 'quickReply'],
    ['a quick reply and words together', { quickReply: 'running_late', text: 'Hi' }, 'text'],
  ])('When a councillor sends %s, then that field has a problem', (_, input, field) => {
    const parsed = parseCouncillorMessage(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual([field]);
  });
});

describe('messageResident', () => {
  it.each<[VisitStatus]>([['waiting'], ['called']])(
    'When the resident is %s, then the message is kept on the visit, sending, and an event has it sent',
    (status) => {
      const visit = aVisit({ status, chatKey: 'chat-1' });
      const change = accepted(messageResident(queueOf([visit]), visit.id, MESSAGE, NOW));
      expect(change.visits[0]!.messages).toEqual([{ ...MESSAGE, at: NOW.toISOString() }]);
      expect(change.events).toEqual([{ type: 'messaged', visitId: visit.id, messageId: 'msg-1' }]);
    },
  );

  it.each<[string, Partial<Visit>]>([
    ['with a councillor', { status: 'in_consultation', chatKey: 'chat-1' }],
    ['seen', { status: 'seen', chatKey: 'chat-1' }],
    ['gone', { status: 'left', chatKey: 'chat-1' }],
    ['added by hand, with no chat', { status: 'waiting' }],
    [
      'already sent the most messages',
      {
        status: 'waiting',
        chatKey: 'chat-1',
        messages: Array.from({ length: MESSAGES_PER_VISIT }, (_, i) => ({ ...MESSAGE, id: `m${i}`, at: NOW.toISOString() })),
      },
    ],
  ])('When the resident is %s, then it is refused', (_, overrides) => {
    const visit = aVisit(overrides);
    refused(messageResident(queueOf([visit]), visit.id, MESSAGE, NOW), 'VISIT.WRONG_STATE');
  });

  it('When there is no such visit, then it is refused', () => {
    refused(messageResident(queueOf([]), 'nobody', MESSAGE, NOW), 'VISIT.NOT_FOUND');
  });
});

describe('recordMessageDelivery', () => {
  const sent = { ...MESSAGE, at: NOW.toISOString() };
  const other = { ...MESSAGE, id: 'msg-2', text: 'Other', at: NOW.toISOString() };

  it.each([[true], [false]])('When delivery is %s, then only that message is marked, and the last message says so', (delivered) => {
    const visit = aVisit({ chatKey: 'chat-1', messages: [sent, other] });
    const change = accepted(recordMessageDelivery(queueOf([visit]), visit.id, 'msg-1', delivered, LATER));
    expect(change.visits[0]!.messages).toEqual([{ ...sent, delivered }, other]);
    expect(change.visits[0]!.lastMessage).toEqual({ kind: 'message', delivered, at: LATER.toISOString() });
    expect(change.events).toEqual([]);
  });

  it('When the visit has no such message, then nothing changes', () => {
    const visit = aVisit({ chatKey: 'chat-1', messages: [sent] });
    const state = queueOf([visit]);
    expect(accepted(recordMessageDelivery(state, visit.id, 'msg-9', true, LATER))).toEqual({
      surgery: state.surgery,
      visits: [],
      events: [],
    });
  });

  it('When there is no such visit, then it is refused', () => {
    refused(recordMessageDelivery(queueOf([]), 'nobody', 'msg-1', true, LATER), 'VISIT.NOT_FOUND');
  });
});
