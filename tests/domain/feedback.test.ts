import { feedbackFigures, parseFeedback, recordFeedback } from '../../bot/domain/feedback';
import type { QueueState, Visit, VisitStatus } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T11:00:00.000Z');
const queueOf = (visits: Visit[]): QueueState => ({ surgery: aSurgery({ ticketsIssued: visits.length }), visits });

describe('parseFeedback', () => {
  it.each([
    ['yes', { listened: 'yes' }, { answer: 'yes' }],
    ['partly, with a comment', { listened: 'partly', comment: '  Felt rushed.  ' }, { answer: 'partly', comment: 'Felt rushed.' }],
    ['no, with an empty comment', { listened: 'no', comment: '' }, { answer: 'no' }],
    [
      'no, with control characters in the comment',
      { listened: 'no', comment: 'Too\u0000 short\u0007' },
      { answer: 'no', comment: 'Too short' },
    ],
  ])('When a resident answers %s, then it is accepted', (_, input, expected) => {
    expect(parseFeedback(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['no answer', {}, 'listened'],
    ['an answer not on the card', { listened: 'maybe' }, 'listened'],
    ['a comment that is not text', { listened: 'yes', comment: 5 }, 'comment'],
    ['a comment over 500 characters', { listened: 'yes', comment: 'x'.repeat(501) }, 'comment'],
  ])('When a resident sends %s, then that field has a problem', (_, input, field) => {
    const parsed = parseFeedback(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual([field]);
  });
});

describe('recordFeedback', () => {
  const seen = (overrides: Partial<Visit> = {}) => aVisit({ status: 'seen', chatKey: 'chat-1', ...overrides });

  it('When a seen resident answers from their own chat, then the answer is kept on the visit with nothing else changed', () => {
    const visit = seen();
    const change = accepted(recordFeedback(queueOf([visit]), visit.id, 'chat-1', { answer: 'partly', comment: 'Felt rushed.' }, NOW));
    expect(change.visits).toEqual([{ ...visit, feedback: { answer: 'partly', comment: 'Felt rushed.', at: NOW.toISOString() } }]);
    expect(change.events).toEqual([]);
  });

  it.each<[string, Partial<Visit>, string, string]>([
    ['answers from another chat', {}, 'chat-2', 'VISIT.NOT_FOUND'],
    ['has already answered', { feedback: { answer: 'yes', at: NOW.toISOString() } }, 'chat-1', 'VISIT.WRONG_STATE'],
    ...(['waiting', 'called', 'in_consultation', 'left'] as VisitStatus[]).map((status): [string, Partial<Visit>, string, string] => [
      `is ${status}`,
      { status },
      'chat-1',
      'VISIT.WRONG_STATE',
    ]),
  ])('When a resident who %s answers, then it is refused', (_, overrides, chatKey, code) => {
    const visit = seen(overrides);
    refused(recordFeedback(queueOf([visit]), visit.id, chatKey, { answer: 'no' }, NOW), code as 'VISIT.NOT_FOUND');
  });
});

describe('feedbackFigures', () => {
  const answered = (answer: 'yes' | 'partly' | 'no', comment?: string) => ({ feedback: { answer, ...(comment ? { comment } : {}) } });

  it.each([
    ['nobody answered', [{}, {}, {}]],
    ['only two answered', [answered('yes'), answered('no', 'Rushed'), {}]],
  ])('When %s, then nothing is shown, so nobody can be picked out', (_, visits) => {
    expect(feedbackFigures(visits)).toBeUndefined();
  });

  it('When three or more answered, then only counts and the comments in alphabetical order are given', () => {
    expect(
      feedbackFigures([
        answered('no', 'Zebra crossing still broken'),
        answered('yes'),
        {},
        answered('partly', 'A bit rushed'),
        answered('yes'),
      ]),
    ).toEqual({
      answered: 4,
      yes: 2,
      partly: 1,
      no: 1,
      comments: ['A bit rushed', 'Zebra crossing still broken'],
    });
  });
});
