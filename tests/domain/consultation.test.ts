import { DEFAULT_TOPICS } from '../../bot/api-types';
import { caseReference } from '../../bot/domain/case-reference';
import { parseConsultationRecord, recordConsultation } from '../../bot/domain/consultation';
import type { QueueState, Visit, VisitStatus } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T10:30:00.000Z');
const PARKING = { key: 'parking', words: 'Parking' };

const queueOf = (visits: Visit[]): QueueState => ({ surgery: aSurgery({ ticketsIssued: visits.length }), visits });

describe('parseConsultationRecord', () => {
  it.each([
    [
      'an outcome, a topic and a follow-up',
      { outcome: ' Raise with Highways ', topic: 'parking', followUp: true },
      { outcome: 'Raise with Highways', topic: PARKING, followUp: true },
    ],
    ['only an outcome note, as older tabs send', { outcome: 'Advice given' }, { outcome: 'Advice given', followUp: false }],
    ['nothing at all', {}, { outcome: '', followUp: false }],
    [
      'control characters in the note',
      { outcome: 'Call\u0007 back\u0000', topic: 'council_tax', followUp: false },
      { outcome: 'Call back', topic: { key: 'council_tax', words: 'Council tax and benefits' }, followUp: false },
    ],
    [
      'the longest note allowed',
      { outcome: 'x'.repeat(1000), topic: 'other' },
      { outcome: 'x'.repeat(1000), topic: { key: 'other', words: 'Something else' }, followUp: false },
    ],
  ])('When the tab sends %s, then it is accepted as recorded', (_, input, expected) => {
    expect(parseConsultationRecord(input, DEFAULT_TOPICS)).toEqual({ ok: true, value: expected });
  });

  it.each(DEFAULT_TOPICS.map((topic) => [topic.key, topic]))(
    'When the topic is "%s", then it is one of the list, with its words',
    (key, topic) => {
      expect(parseConsultationRecord({ topic: key }, DEFAULT_TOPICS)).toMatchObject({ ok: true, value: { topic } });
    },
  );

  it("When the council lists its own topics, then only those are taken, and the default list's are refused", () => {
    const council = [
      { key: 'trees', words: 'Trees' },
      { key: 'parks', words: 'Parks' },
    ];
    expect(parseConsultationRecord({ topic: 'trees' }, council)).toMatchObject({ ok: true, value: { topic: council[0] } });
    expect(parseConsultationRecord({ topic: 'parking' }, council)).toMatchObject({ ok: false, problems: [{ field: 'topic' }] });
  });

  it.each([
    ['a topic not on the list', { topic: 'potholes' }, 'topic'],
    ['a topic in words rather than its key', { topic: 'Council tax and benefits' }, 'topic'],
    ["an object's built-in name", { topic: 'constructor' }, 'topic'],
    ['a topic that is not text', { topic: 3 }, 'topic'],
    ['a follow-up that is not true or false', { followUp: 'yes' }, 'followUp'],
    ['an outcome that is not text', { outcome: ['a'] }, 'outcome'],
    ['an outcome over 1,000 characters', { outcome: 'x'.repeat(1001) }, 'outcome'],
  ])('When the tab sends %s, then that field has a problem', (_, input, field) => {
    const parsed = parseConsultationRecord(input, DEFAULT_TOPICS);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual([field]);
  });
});

describe('caseReference', () => {
  it.each([
    ['a random id', 'Xb7_kQ2pLm9a', new Set<string>()],
    ['an id whose first four characters make a taken reference', 'AAAAAAAA', new Set([caseReference('AAAAAAAA', new Set())])],
  ])('When made from %s, then it is "SQ-" and readable characters, never 0, O, 1, I, L, 5 or S', (_, seed, taken) => {
    const reference = caseReference(seed, taken);
    expect(reference).toMatch(/^SQ-[2346789ABCDEFGHJKMNPQRTUVWXYZ]{4,}$/);
    expect(taken.has(reference)).toBe(false);
  });

  it('When the same id is given twice, then the reference is the same, so a retried save agrees with itself', () => {
    expect(caseReference('Xb7_kQ2pLm9a', new Set())).toBe(caseReference('Xb7_kQ2pLm9a', new Set()));
  });

  it('When the short reference is taken in the surgery, then it grows by a character', () => {
    const first = caseReference('Xb7_kQ2pLm9a', new Set());
    expect(first).toHaveLength(7);
    const second = caseReference('Xb7_kQ2pLm9a', new Set([first]));
    expect(second).toHaveLength(8);
    expect(second.startsWith(first)).toBe(true);
  });

  it('When every length is taken, then a numbered reference is still unique', () => {
    const four = caseReference('AAAAA', new Set());
    const taken = new Set([four, caseReference('AAAAA', new Set([four]))]);
    expect(taken.size).toBe(2);
    expect(caseReference('AAAAA', taken)).toBe('SQ-AAAAA-2');
  });

  it('When 2,000 random ids are turned into references in one surgery, then none repeats', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 2000; i++) taken.add(caseReference(Math.random().toString(36).slice(2, 14).padEnd(12, 'q'), taken));
    expect(taken.size).toBe(2000);
  });
});

describe('recordConsultation', () => {
  const record = { outcome: 'Raise with Highways', topic: PARKING, followUp: true };

  it.each<[VisitStatus]>([['called'], ['in_consultation']])(
    'When a %s resident is recorded as seen, then the visit keeps the outcome, topic, follow-up and a case reference',
    (status) => {
      const visit = aVisit({ status });
      const change = accepted(recordConsultation(queueOf([visit]), visit.id, record, 'Xb7_kQ2pLm9a', NOW));
      expect(change.visits).toEqual([
        {
          ...visit,
          status: 'seen',
          finishedAt: NOW.toISOString(),
          outcome: 'Raise with Highways',
          topic: 'parking',
          topicWords: 'Parking',
          followUp: true,
          caseReference: caseReference('Xb7_kQ2pLm9a', new Set()),
        },
      ]);
      expect(change.events).toEqual([{ type: 'finished', visitId: visit.id }]);
    },
  );

  it('When another resident in the surgery already has the reference, then this one gets a different one', () => {
    const earlier = aVisit({ status: 'seen', caseReference: caseReference('Xb7_kQ2pLm9a', new Set()) });
    const visit = aVisit({ status: 'in_consultation', ticket: 2 });
    const change = accepted(recordConsultation(queueOf([earlier, visit]), visit.id, record, 'Xb7_kQ2pLm9a', NOW));
    expect(change.visits[0]!.caseReference).not.toBe(earlier.caseReference);
  });

  it.each<[VisitStatus]>([['waiting'], ['seen'], ['left'], ['no_show'], ['not_reached']])(
    'When the resident is %s, then it is refused',
    (status) => {
      const visit = aVisit({ status });
      refused(recordConsultation(queueOf([visit]), visit.id, record, 'seed', NOW), 'VISIT.WRONG_STATE');
    },
  );

  it('When there is no such visit, then it is refused', () => {
    refused(recordConsultation(queueOf([]), 'nobody', record, 'seed', NOW), 'VISIT.NOT_FOUND');
  });
});
