import { CASE_UPDATE_LIMIT } from '../../bot/api-types';
import { hasOpenCase, parseCaseUpdate, postCaseUpdate, recordCaseUpdateDelivery, UPDATES_PER_CASE } from '../../bot/domain/case-update';
import type { QueueState, Visit } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-03T09:00:00.000Z');
const queueOf = (visits: Visit[]): QueueState => ({ surgery: aSurgery({ status: 'ended', ticketsIssued: visits.length }), visits });
const openCase = (overrides: Partial<Visit> = {}) =>
  aVisit({ status: 'seen', chatKey: 'chat-1', followUp: true, caseReference: 'SQ-7K4M', ...overrides });
const UPDATE = {
  id: 'upd-1',
  text: 'I’ve raised this with Highways; reply expected by Friday.',
  by: 'Cllr Amina Patel',
  closesCase: false,
};

describe('parseCaseUpdate', () => {
  it.each([
    ['an update', { text: ' Raised with Highways. ' }, { text: 'Raised with Highways.', closesCase: false }],
    ['a closing update', { text: 'Fixed.', closesCase: true }, { text: 'Fixed.', closesCase: true }],
    ['the longest update allowed', { text: 'x'.repeat(CASE_UPDATE_LIMIT) }, { text: 'x'.repeat(CASE_UPDATE_LIMIT), closesCase: false }],
  ])('When a councillor sends %s, then it is accepted', (_, input, expected) => {
    expect(parseCaseUpdate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['no text', {}, 'text'],
    ['only control characters', { text: '\u0000\u0001' }, 'text'],
    ['text that is not text', { text: { a: 1 } }, 'text'],
    ['an update over the limit', { text: 'x'.repeat(CASE_UPDATE_LIMIT + 1) }, 'text'],
    ['a "closes case" that is not true or false', { text: 'Done', closesCase: 'yes' }, 'closesCase'],
  ])('When a councillor sends %s, then that field has a problem', (_, input, field) => {
    const parsed = parseCaseUpdate(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual([field]);
  });
});

describe('postCaseUpdate', () => {
  it('When a case is open, then the update is kept, sending, and an event has it sent; the case stays open', () => {
    const visit = openCase();
    const change = accepted(postCaseUpdate(queueOf([visit]), visit.id, UPDATE, NOW));
    expect(change.visits[0]).toEqual({ ...visit, caseUpdates: [{ ...UPDATE, at: NOW.toISOString() }] });
    expect(change.events).toEqual([{ type: 'case_updated', visitId: visit.id, updateId: 'upd-1' }]);
    expect(hasOpenCase(change.visits[0]!)).toBe(true);
  });

  it('When a resident left their issue for follow-up, then their case is open for updates until one closes it', () => {
    const visit = aVisit({ status: 'follow_up', chatKey: 'chat-1', caseReference: 'SQ-9ABC' });
    expect(hasOpenCase(visit)).toBe(true);
    const closed = accepted(postCaseUpdate(queueOf([visit]), visit.id, { ...UPDATE, closesCase: true }, NOW)).visits[0]!;
    expect(hasOpenCase(closed)).toBe(false);
  });

  it('When the update closes the case, then no more updates can be posted', () => {
    const visit = openCase();
    const closed = accepted(postCaseUpdate(queueOf([visit]), visit.id, { ...UPDATE, closesCase: true }, NOW)).visits[0]!;
    expect(closed.followUp).toBe(false);
    refused(postCaseUpdate(queueOf([closed]), visit.id, { ...UPDATE, id: 'upd-2' }, NOW), 'VISIT.WRONG_STATE');
  });

  it.each<[string, Partial<Visit>]>([
    ['seen with no follow-up needed', { followUp: false }],
    ['seen before case references existed', { caseReference: undefined }],
    ['still waiting', { status: 'waiting' }],
    ['added by hand, with no chat', { chatKey: undefined }],
    ['with a councillor', { status: 'in_consultation' }],
    [
      'a case with the most updates already',
      { caseUpdates: Array.from({ length: UPDATES_PER_CASE }, (_, i) => ({ ...UPDATE, id: `u${i}`, at: NOW.toISOString() })) },
    ],
  ])('When the resident is %s, then it is refused', (_, overrides) => {
    const visit = openCase(overrides);
    refused(postCaseUpdate(queueOf([visit]), visit.id, UPDATE, NOW), 'VISIT.WRONG_STATE');
  });

  it('When there is no such visit, then it is refused', () => {
    refused(postCaseUpdate(queueOf([]), 'nobody', UPDATE, NOW), 'VISIT.NOT_FOUND');
  });
});

describe('recordCaseUpdateDelivery', () => {
  it.each([[true], [false]])('When delivery is %s, then that update is marked', (delivered) => {
    const posted = { ...UPDATE, at: NOW.toISOString() };
    const visit = openCase({ caseUpdates: [posted] });
    const change = accepted(recordCaseUpdateDelivery(queueOf([visit]), visit.id, 'upd-1', delivered, NOW));
    expect(change.visits[0]!.caseUpdates).toEqual([{ ...posted, delivered }]);
    expect(change.visits[0]!.lastMessage).toEqual({ kind: 'case_update', delivered, at: NOW.toISOString() });
  });

  it('When the update is not on the visit, then nothing changes', () => {
    const state = queueOf([openCase()]);
    expect(accepted(recordCaseUpdateDelivery(state, state.visits[0]!.id, 'upd-9', true, NOW)).visits).toEqual([]);
  });
});
