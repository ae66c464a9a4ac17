import { TEXT_MESSAGE_LIMIT, contactCopy, contactWords } from '../../bot/services/contact-messages';
import type { ResidentMessage } from '../../bot/domain/messages';
import { aVisit } from '../support/builders';

const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_castle%40thread.v2/0';
const GETTING_CLOSE: ResidentMessage = {
  kind: 'getting_close',
  lobbyTag: 'Jane S · A1',
  joinUrl: JOIN,
  ward: 'Castle',
  withinMinutes: 5,
  statusUrl: 'https://sq.example.gov.uk/visit/tok',
};
const CALLED: ResidentMessage = { kind: 'called', lobbyTag: 'Jane S · A1', joinUrl: JOIN, ward: 'Castle', admitWithinMinutes: 5 };
const CASE_UPDATE: ResidentMessage = {
  kind: 'case_update',
  ward: 'Castle',
  caseReference: 'SQ-7K4M',
  text: 'Highways will fix the light by Friday.',
  closesCase: false,
};

const JOINING =
  'On a Mac, use the Teams app or Edge or Chrome, not Safari. On Android, get the free Teams app from Google Play. On an iPhone or iPad, get the free Teams app now: https://apps.apple.com/gb/app/microsoft-teams/id1113153706';

describe('The words of emails and texts to residents', () => {
  it('When the meeting has a phone line, then texts and emails say how to join by phone', () => {
    const dialIn = { number: '+44 20 3443 1234', conferenceId: '123 456 789' };
    for (const message of [GETTING_CLOSE, CALLED]) {
      expect(contactWords({ ...message, dialIn } as ResidentMessage, 'mobile')!.body).toContain(
        'Or join by phone: call +44 20 3443 1234, conference ID 123 456 789#.',
      );
      expect(contactWords({ ...message, dialIn } as ResidentMessage, 'email')!.body).toContain('Join by phone: call +44 20 3443 1234');
    }
  });

  it.each<[string, ResidentMessage, string]>([
    [
      'nearly their turn',
      GETTING_CLOSE,
      `Surgery Queue: it is nearly your turn at Castle ward surgery. Join: ${JOIN}. Your lobby tag is Jane S · A1. ${JOINING}`,
    ],
    [
      'called',
      CALLED,
      `Surgery Queue: it is your turn at Castle ward surgery. Join now: ${JOIN}. Your lobby tag is Jane S · A1. ${JOINING}`,
    ],
    [
      'a case update',
      CASE_UPDATE,
      'Surgery Queue: update on your case SQ-7K4M from your Castle ward councillor: Highways will fix the light by Friday.',
    ],
    [
      'a closing case update',
      { ...CASE_UPDATE, closesCase: true },
      'Surgery Queue: update on your case SQ-7K4M from your Castle ward councillor: Highways will fix the light by Friday. Your councillor has now closed this case.',
    ],
  ])('When a resident with a mobile is sent %s, then the text is one short paragraph that says who it is from', (_, message, text) => {
    expect(contactWords(message, 'mobile')!.body).toBe(text);
  });

  it.each<[string, ResidentMessage, string, string[]]>([
    [
      'nearly their turn',
      GETTING_CLOSE,
      'It is nearly your turn at the Castle ward surgery',
      [
        `Join the meeting: ${JOIN}`,
        'When Teams asks for your name, type: Jane S · A1',
        'See your place in the queue: https://sq.example.gov.uk/visit/tok',
        'How you will join the meeting:\n- On an iPhone or iPad, you need the free Microsoft Teams app to join.',
        'Get Microsoft Teams from the App Store: https://apps.apple.com/gb/app/microsoft-teams/id1113153706',
      ],
    ],
    [
      'called',
      CALLED,
      'It is your turn at the Castle ward surgery',
      ['within about 5 minutes', `Join the meeting: ${JOIN}`, 'type: Jane S · A1', '- On a Mac, Safari may not join the meeting.'],
    ],
    [
      'a case update',
      CASE_UPDATE,
      'Update on your case SQ-7K4M',
      ['Highways will fix the light by Friday.', 'Quote SQ-7K4M if you contact the council about this.'],
    ],
  ])(
    'When a resident with an email is sent %s, then the email has a subject and paragraphs with the links written out',
    (_, message, subject, says) => {
      const words = contactWords(message, 'email')!;
      expect(words.subject).toBe(subject);
      for (const part of says) expect(words.body).toContain(part);
      expect(words.body).toMatch(/\n\n/);
    },
  );

  it.each<ResidentMessage['kind']>(['place', 'councillor_message', 'visit_summary'])(
    'When the message is %s, then it stays in chat',
    (kind) => {
      expect(contactWords({ kind } as ResidentMessage, 'mobile')).toBeUndefined();
    },
  );

  it.each<['email' | 'mobile']>([['email'], ['mobile']])(
    'When the surgery ended before reaching a resident with an %s, then they are told their case reference and given the link to the next surgery',
    (to) => {
      const notReached: ResidentMessage = {
        kind: 'not_reached',
        ward: 'Castle',
        lobbyTag: 'Jane S · A1',
        caseReference: 'SQ-7K4M',
        nextUrl: 'https://surgeries.example.gov.uk/surgeries/s2#book',
        next: { startsAt: '2025-03-08T10:00:00.000Z', bookable: true },
      };
      const words = contactWords(notReached, to)!;
      expect(words.subject).toBe('Sorry we did not reach you at the Castle ward surgery');
      expect(words.body).toContain('case SQ-7K4M');
      expect(words.body).toContain('Saturday 8 March at 10am. Book a time: https://surgeries.example.gov.uk/surgeries/s2#book');
      expect(words.body.length).toBeLessThanOrEqual(TEXT_MESSAGE_LIMIT);
    },
  );

  it('When a case update is longer than a text may be, then the councillor’s words are shortened, never the reference or the closing line', () => {
    const body = contactWords({ ...CASE_UPDATE, text: 'word '.repeat(200).trim(), closesCase: true }, 'mobile')!.body;
    expect(body).toHaveLength(TEXT_MESSAGE_LIMIT);
    expect(body).toMatch(/^Surgery Queue: update on your case SQ-7K4M from your Castle ward councillor: word word/);
    expect(body).toMatch(/…\sYour councillor has now closed this case\.$/);
  });
});

describe('Which copy a resident gets', () => {
  it('When the resident has a chat too, then the text is an extra copy with an id of its own, and the chat message is the one the visit records', () => {
    const visit = aVisit({ id: 'v1', surgeryId: 's1', chatKey: 'chat-1', contact: { kind: 'mobile', value: '+447700900123' } });
    expect(contactCopy(visit, 'msg-1', 'called', CALLED)).toEqual({
      id: 'contact-msg-1',
      to: { kind: 'mobile', value: '+447700900123' },
      surgeryId: 's1',
      visitId: 'v1',
      subject: 'It is your turn at the Castle ward surgery',
      body: contactWords(CALLED, 'mobile')!.body,
    });
  });

  it('When the resident has no chat, then the email is the message itself: same id, and the visit records its delivery', () => {
    const visit = aVisit({ id: 'v1', surgeryId: 's1', channel: 'phone', contact: { kind: 'email', value: 'omar@example.com' } });
    expect(contactCopy(visit, 'update-1', 'case_update', CASE_UPDATE)).toMatchObject({
      id: 'update-1',
      record: 'case_update',
      visitId: 'v1',
      to: { kind: 'email', value: 'omar@example.com' },
    });
  });

  it('When the resident gave no contact, then there is no copy', () => {
    expect(contactCopy(aVisit({ chatKey: 'chat-1' }), 'msg-1', 'called', CALLED)).toBeUndefined();
  });
});
