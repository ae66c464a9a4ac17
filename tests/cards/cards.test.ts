/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// The export conditions: jsdom otherwise picks packages' "browser" builds, and botbuilder's (pulled in by
// render-message.ts) is ES modules that Jest cannot load; its Node build loads and works in jsdom.
import * as AC from 'adaptivecards';
import type { SurgerySummary } from '../../bot/api-types';
import { lobbyTag } from '../../bot/domain/lobby-tag';
import { PlaceView, surgerySummary } from '../../bot/domain/queue-view';
import type { CardAction } from '../../bot/services/card-actions';
import type { ResidentMessage, ResidentMessageKind } from '../../bot/domain/messages';
import { calledCard } from '../../bot/teams/cards/called-card';
import { AdaptiveCard, card as cardOf, paragraph } from '../../bot/teams/cards/card-parts';
import { checkInCard } from '../../bot/teams/cards/check-in-card';
import { chooseSurgeryCard } from '../../bot/teams/cards/choose-surgery-card';
import { placeCard, placeClosedCard } from '../../bot/teams/cards/place-card';
import { summaryCard } from '../../bot/teams/cards/summary-card';
import { gettingCloseCard } from '../../bot/teams/cards/getting-close-card';
import { mayNotBeReachedCard } from '../../bot/teams/cards/may-not-be-reached-card';
import { noShowCard } from '../../bot/teams/cards/no-show-card';
import { bookingFormCard } from '../../bot/teams/cards/booking-form-card';
import { bookingConfirmedCard } from '../../bot/teams/cards/booking-confirmed-card';
import { cardFor, renderMessage, textFor } from '../../bot/teams/render-message';
import { aSurgery } from '../support/builders';

// The package's lib/ is ES modules, which Jest cannot load as CommonJS; dist/ is the same renderer as one bundle.
jest.mock('adaptivecards', () => jest.requireActual('adaptivecards/dist/adaptivecards'));

// jsdom has no innerText (it does no layout); the renderer writes plain text and button titles through it.
if (!('innerText' in HTMLElement.prototype)) {
  Object.defineProperty(HTMLElement.prototype, 'innerText', {
    configurable: true,
    get(this: HTMLElement) {
      return this.textContent ?? '';
    },
    set(this: HTMLElement, value: string) {
      this.textContent = value;
    },
  });
}

/**
 * Stands in for the host's Markdown: Teams and Web Chat render TextBlock text as Markdown, and no Markdown
 * library is installed here. It covers what a resident could abuse: backslash escapes, raw HTML, links,
 * bold, italics and headings. Raw HTML passes through, as in the least careful host.
 */
function markdownToHtml(text: string): string {
  const literals: string[] = [];
  const held = text.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => `\uE000${literals.push(c) - 1}\uE001`);
  const html = held
    .replace(/^#{1,6} (.*)$/gm, '<h3>$1</h3>')
    .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, '<a href="$2">$1</a>')
    .replace(/(\*\*|__)(.+?)\1/g, '<strong>$2</strong>')
    .replace(/(\*|_)(.+?)\1/g, '<em>$2</em>');
  const entity = (c: string): string => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c;
  return html.replace(/\uE000(\d+)\uE001/g, (_, i: string) => entity(literals[Number(i)]!));
}

AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownToHtml(text);
  result.didProcess = true;
};

interface RenderedCard {
  card: AC.AdaptiveCard;
  /** Errors and warnings from parsing and from validation, in words. */
  problems: string[];
  element: HTMLElement;
  /** The text of every block, label and button, in order, separated by " | ". */
  text: string;
}

function describeEvent(event: AC.IValidationEvent): string {
  return `${AC.ValidationEvent[event.event]}: ${event.message}`;
}

function render(json: object): RenderedCard {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i));
  const validationEvents = card.validateProperties().validationEvents;
  const element = card.render();
  if (!element) throw new Error('The renderer returned no element for the card.');
  return {
    card,
    problems: [...parseEvents, ...validationEvents].map(describeEvent),
    element,
    text: Array.from(element.querySelectorAll('.ac-textBlock, .ac-richTextBlock, button'), (e) =>
      (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
    ).join(' | '),
  };
}

function buttonTitles(element: HTMLElement): string[] {
  return Array.from(element.querySelectorAll('button'), (b) => b.textContent ?? '');
}

function actions(card: AC.AdaptiveCard): AC.Action[] {
  return Array.from({ length: card.getActionCount() }, (_, i) => card.getActionAt(i)!);
}

function inputValue(card: AC.AdaptiveCard, id: string): unknown {
  return card.getAllInputs().find((input) => input.id === id)?.value;
}

const SURGERY: SurgerySummary = surgerySummary(
  aSurgery({ ward: 'Riverside', startsAt: '2025-03-01T10:00:00.000Z', endsAt: '2025-03-01T12:00:00.000Z' }),
);
const OTHER_SURGERY: SurgerySummary = surgerySummary(
  aSurgery({ ward: 'Hillside', startsAt: '2025-03-01T10:30:00.000Z', endsAt: '2025-03-01T11:30:00.000Z', councillors: ['Cllr Tom Reid'] }),
);
const DATES_URL = 'https://surgeries.example.gov.uk/surgeries';
const NEXT_SURGERY: SurgerySummary = surgerySummary(
  aSurgery({ ward: 'Hillside', status: 'scheduled', startsAt: '2025-03-08T10:00:00.000Z', endsAt: '2025-03-08T12:00:00.000Z' }),
);

function aPlace(overrides: Partial<PlaceView> = {}): PlaceView {
  return {
    visitId: 'visit-1',
    lobbyTag: 'Jane S · A7',
    ward: 'Riverside',
    position: 2,
    estimate: {
      admitAt: '2025-03-01T10:41:00.000Z',
      earliest: '2025-03-01T10:35:00.000Z',
      latest: '2025-03-01T10:55:00.000Z',
      reach: 'in_time',
    },
    surgeryEndsAt: '2025-03-01T12:00:00.000Z',
    ...overrides,
  };
}

const PRIVACY = { councilName: 'Riverside Borough Council', retentionDays: 30 };

const CLOSED_REASONS = ['called', 'left', 'not_reached', 'finished'] as const;

const CALLED = { lobbyTag: 'Jane S · A7', joinUrl: SURGERY.joinUrl, ward: 'Riverside', admitWithinMinutes: 5 };

const PROBLEMS = [
  { field: 'postcode', message: 'Enter a real UK postcode, like SW1A 1AA.' },
  { field: 'issue', message: 'Tell us briefly what you would like to talk about.' },
];
const TYPED = { name: 'Jane Smith', postcode: '12345', issue: '', contact: '07700 900123', accessNeeds: 'BSL interpreter' };

const SUMMARY = {
  ward: 'Riverside',
  lobbyTag: 'Jane S · A7',
  caseReference: 'SQ-7K4M',
  topic: 'Housing',
  outcome: 'Will ask *Housing* to [inspect](https://evil.example) the damp by Friday.',
  followUp: true,
  surgeryId: 'surgery-1',
  visitId: 'visit-1',
};

const GETTING_CLOSE = { lobbyTag: 'Jane S · A7', joinUrl: SURGERY.joinUrl, ward: 'Riverside', withinMinutes: 5 };
const MAY_NOT_BE_REACHED = {
  visitId: 'visit-7',
  ward: 'Riverside',
  lobbyTag: 'Jane S · A7',
  surgeryEndsAt: '2025-03-01T12:00:00.000Z',
  estimate: { earliest: '2025-03-01T11:50:00.000Z', latest: '2025-03-01T12:15:00.000Z' },
};

const BOOKABLE: SurgerySummary = { ...NEXT_SURGERY, mode: 'both', slotMinutes: 10, freeSlots: 2 };
const SLOTS = [
  { index: 0, startsAt: '2025-03-08T10:00:00.000Z' },
  { index: 2, startsAt: '2025-03-08T10:20:00.000Z' },
];
const BOOKING_TYPED = {
  slot: '2',
  name: 'Jane Smith',
  address: '12 High Street',
  postcode: 'SW1A 1AA',
  issue: 'Bins',
  contact: 'jane@example',
  accessNeeds: '',
};
const BOOKING_PROBLEMS = [{ field: 'contact', message: 'Check your email address: it should look like name@example.com.' }];
const CONFIRMED = {
  ward: 'Hillside',
  reference: 'SQ-7KM4-Q2XD',
  slotStartsAt: '2025-03-08T10:20:00.000Z',
  joinUrl: SURGERY.joinUrl,
  manageUrl: 'https://surgeries.example.gov.uk/bookings/abc',
  calendarUrl: 'https://surgeries.example.gov.uk/bookings/abc/invite.ics',
  sentTo: 'email' as const,
};

/** One example of every message the bot sends a resident; the type makes sure no kind is missed. */
const EXAMPLES: { [K in ResidentMessageKind]: Extract<ResidentMessage, { kind: K }> } = {
  check_in_form: { kind: 'check_in_form', surgery: SURGERY, privacy: PRIVACY, values: TYPED, problems: PROBLEMS },
  choose_surgery: { kind: 'choose_surgery', surgeries: [SURGERY, OTHER_SURGERY] },
  no_surgery_open: { kind: 'no_surgery_open', next: NEXT_SURGERY, datesUrl: DATES_URL },
  place: { kind: 'place', place: aPlace(), surgeryId: 'surgery-1' },
  place_closed: { kind: 'place_closed', lobbyTag: 'Jane S · A7', reason: 'called' },
  called: { kind: 'called', ...CALLED },
  no_show: {
    kind: 'no_show',
    ward: 'Riverside',
    lobbyTag: 'Jane S · A7',
    surgeryId: 'surgery-1',
    visitId: 'visit-1',
    backWithinMinutes: 10,
    nextUrl: 'https://surgeries.example.gov.uk/surgeries/ward/riverside',
  },
  back_in_queue: { kind: 'back_in_queue', lobbyTag: 'Jane S · A7' },
  surgery_break: { kind: 'surgery_break', ward: 'Riverside', lobbyTag: 'Jane S · A7', until: '2025-03-01T19:15:00.000Z' },
  reinstated: {
    kind: 'reinstated',
    ward: 'Riverside',
    lobbyTag: 'Jane S · A7',
    why: 'reopened',
    withdrawnCase: 'SQ-7K4M',
    statusUrl: 'https://surgeries.example.gov.uk/status/abc',
  },
  not_reached: {
    kind: 'not_reached',
    ward: 'Riverside',
    lobbyTag: 'Jane S · A7',
    caseReference: 'SQ-7K4M',
    nextUrl: 'https://surgeries.example.gov.uk/surgeries/next-1#book',
    next: { startsAt: '2025-03-08T10:00:00.000Z', bookable: true },
  },
  surgery_cancelled: {
    kind: 'surgery_cancelled',
    ward: 'Riverside',
    startsAt: '2025-03-01T10:00:00.000Z',
    message: 'Cllr Ada Khan is unwell. Sorry for the short notice.',
    bookingReference: 'SQ-7KM4-Q2XD',
    nextUrl: 'https://surgeries.example.gov.uk/surgeries/ward/riverside',
  },
  left: { kind: 'left', lobbyTag: 'Jane S · A7' },
  with_councillor: { kind: 'with_councillor' },
  not_in_queue: { kind: 'not_in_queue' },
  ask_privately: { kind: 'ask_privately' },
  help: { kind: 'help' },
  refused: { kind: 'refused', message: 'You are already in the queue for this surgery.' },
  visit_summary: { kind: 'visit_summary', ...SUMMARY },
  councillor_message: { kind: 'councillor_message', ward: 'Riverside', text: 'Please join the lobby now.' },
  feedback_thanks: { kind: 'feedback_thanks' },
  case_update: {
    kind: 'case_update',
    ward: 'Riverside',
    caseReference: 'SQ-7K4M',
    text: 'I’ve raised this with Highways; reply expected by Friday.',
    closesCase: false,
  },
  getting_close: { kind: 'getting_close', ...GETTING_CLOSE },
  may_not_be_reached: {
    kind: 'may_not_be_reached',
    ...MAY_NOT_BE_REACHED,
    nextUrl: 'https://surgeries.example.gov.uk/surgeries/ward/hillside',
  },
  still_waiting: { kind: 'still_waiting', lobbyTag: 'Jane S · A7' },
  next_surgery: { kind: 'next_surgery', ward: 'Hillside', lobbyTag: 'Jane S · A7', next: NEXT_SURGERY, datesUrl: DATES_URL },
  issue_left: { kind: 'issue_left', ward: 'Riverside', caseReference: 'SQ-7K4M' },
  bookings_only: { kind: 'bookings_only', surgery: SURGERY, canBook: true },
  booking_form: {
    kind: 'booking_form',
    surgery: BOOKABLE,
    slots: SLOTS,
    privacy: PRIVACY,
    values: BOOKING_TYPED,
    problems: BOOKING_PROBLEMS,
  },
  booking_confirmed: { kind: 'booking_confirmed', surgeryId: 'surgery-1', bookingId: 'booking-1', ...CONFIRMED },
  no_bookings: { kind: 'no_bookings', ward: 'Riverside', next: NEXT_SURGERY, datesUrl: DATES_URL },
  booked_checked_in: { kind: 'booked_checked_in', name: 'Jane Smith', slotStartsAt: '2025-03-01T10:20:00.000Z' },
  booking_postcode_needed: { kind: 'booking_postcode_needed', reference: 'SQ-7KM4-Q2XD', unreadable: true },
  booking_not_matched: { kind: 'booking_not_matched', triesLeft: 2 },
  booking_locked: { kind: 'booking_locked', reference: 'SQ-7KM4-Q2XD', minutes: 15 },
  forgotten: { kind: 'forgotten' },
  booking_reminder: { kind: 'booking_reminder', ward: 'Hillside', reference: 'SQ-7KM4-Q2XD', when: 'tomorrow at 10:20am' },
  booking_moved: { kind: 'booking_moved', ward: 'Hillside', reference: 'SQ-7KM4-Q2XD', when: 'Monday 7 December at 6:40pm' },
  booking_cancelled: {
    kind: 'booking_cancelled',
    ward: 'Hillside',
    reference: 'SQ-7KM4-Q2XD',
    when: 'on Monday 7 December at 6:40pm',
    bookUrl: 'https://surgeries.example.gov.uk/surgeries/ward/hillside',
  },
};
const MESSAGES: ResidentMessage[] = Object.values(EXAMPLES);

/** Every action a button may send, as the conversation answers them; the type makes sure none is missed. */
const ANSWERED: Record<CardAction, true> = {
  choose_surgery: true,
  check_in: true,
  leave: true,
  feedback: true,
  choose_booking_surgery: true,
  forget_me: true,
  book: true,
  im_here: true,
  keep_waiting: true,
  next_surgery: true,
  leave_issue: true,
};

/** The action of every submit button in a card, wherever it sits. */
function submittedActions(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(submittedActions);
  if (typeof json !== 'object' || json === null) return [];
  const { type, data } = json as { type?: unknown; data?: { action?: unknown } };
  const own = type === 'Action.Submit' && typeof data?.action === 'string' ? [data.action] : [];
  return [...own, ...Object.values(json).flatMap(submittedActions)];
}
const CARD_KINDS: ResidentMessageKind[] = [
  'check_in_form',
  'choose_surgery',
  'place',
  'place_closed',
  'called',
  'no_show',
  'visit_summary',
  'getting_close',
  'may_not_be_reached',
  'booking_form',
  'booking_confirmed',
];

describe('every card the bot sends, in the official Adaptive Cards renderer', () => {
  const cards: [string, AdaptiveCard][] = [
    ['the empty check-in form', checkInCard({ surgery: SURGERY, privacy: PRIVACY })],
    [
      'the check-in form with what was typed and what to fix',
      checkInCard({ surgery: SURGERY, privacy: PRIVACY, values: TYPED, problems: PROBLEMS }),
    ],
    ...[1, 2, 3, 11, 22, 57].map((position): [string, AdaptiveCard] => [
      `the place card at position ${position}`,
      placeCard(aPlace({ position })),
    ]),
    ['the place card of a resident from another ward', placeCard(aPlace({ postcodeWard: 'Abbey' }))],
    ...CLOSED_REASONS.map((reason): [string, AdaptiveCard] => [
      `the closed place card (${reason})`,
      placeClosedCard('Jane S · A7', reason),
    ]),
    ['the called card', calledCard(CALLED)],
    ['the choose-a-surgery card', chooseSurgeryCard([SURGERY, OTHER_SURGERY])],
    [
      'the check-in form that asks which surgery',
      checkInCard({ choices: [SURGERY, OTHER_SURGERY], privacy: PRIVACY, byAppointment: ['Abbey'] }),
    ],
    [
      'the check-in form that asks which of many, shown again',
      checkInCard({
        choices: Array.from({ length: 20 }, (_, i) => ({ ...OTHER_SURGERY, id: `surgery-${i}`, ward: `Ward ${i}` })),
        privacy: PRIVACY,
        values: { ...TYPED, surgeryId: 'surgery-3' },
        problems: [...PROBLEMS, { field: 'surgeryId', message: 'Choose the surgery you are here for.' }],
      }),
    ],
    ['the summary card with follow-up', summaryCard(SUMMARY)],
    ['the summary card without topic, note or follow-up', summaryCard({ ...SUMMARY, topic: undefined, outcome: '', followUp: false })],
    ...MESSAGES.flatMap((message): [string, AdaptiveCard][] => {
      const card = cardFor(message);
      return card ? [[`cardFor("${message.kind}")`, card]] : [];
    }),
  ];

  it.each(cards)('When %s is parsed and validated, then there are no errors or warnings', (_, json) => {
    expect(render(json).problems).toEqual([]);
  });

  it.each(cards)('When %s is rendered, then it is version 1.5 and gives an element', (_, json) => {
    const { card, element } = render(json);

    expect(json.version).toBe('1.5');
    expect(card.version.toString()).toBe('1.5');
    expect(element).toBeInstanceOf(HTMLElement);
  });

  it('When every card is looked through, then each action the conversation answers is sent by some button, and no button sends any other', () => {
    const more: AdaptiveCard[] = [
      chooseSurgeryCard([SURGERY, OTHER_SURGERY], 'book'),
      checkInCard({ surgery: SURGERY, privacy: PRIVACY, values: { name: 'Jane Smith', postcode: 'SW1A 1AA' }, remembered: true }),
    ];
    const sent = new Set([...cards.map(([, json]) => json), ...more].flatMap(submittedActions));

    expect([...sent].sort()).toEqual(Object.keys(ANSWERED).sort());
  });

  it('When a message has a card, then cardFor gives one for exactly the forms, the choice, the place (open or closed), the call, the no-show, the alerts and the booking', () => {
    expect(MESSAGES.filter((m) => cardFor(m) !== undefined).map((m) => m.kind)).toEqual(CARD_KINDS);
  });
});

describe('the booking cards', () => {
  it('When a resident books, then they choose from the free times (with the day) and give address and contact, all required but access needs', () => {
    const { card, text } = render(bookingFormCard({ surgery: BOOKABLE, slots: SLOTS, privacy: PRIVACY }));

    expect(text).toContain('Book a time at the Hillside surgery');
    expect(text).toContain('Riverside Borough Council keeps what you tell us here');
    const slot = card.getAllInputs()[0] as AC.ChoiceSetInput;
    expect(slot.choices.map((c) => [c.title, c.value])).toEqual([
      ['Saturday 8 March, 10am', '0'],
      ['Saturday 8 March, 10:20am', '2'],
    ]);
    expect(card.getAllInputs().map((input) => [input.id, input.isRequired])).toEqual([
      ['slot', true],
      ['name', true],
      ['address', true],
      ['postcode', true],
      ['issue', true],
      ['contact', true],
      ['accessNeeds', false],
      ['remember', false],
    ]);
    expect((actions(card)[0] as AC.SubmitAction).data).toEqual({ action: 'book', surgeryId: BOOKABLE.id });
  });

  it('When something was wrong, then the form comes back with the chosen time and what was typed, and says what to fix', () => {
    const { card, text } = render(
      bookingFormCard({ surgery: BOOKABLE, slots: SLOTS, privacy: PRIVACY, values: BOOKING_TYPED, problems: BOOKING_PROBLEMS }),
    );

    expect(text).toContain('There is a problem');
    expect(text).toContain('Check your email address');
    expect(Object.fromEntries(card.getAllInputs().map((input) => [input.id, input.value]))).toMatchObject({
      slot: '2',
      address: '12 High Street',
      contact: 'jane@example',
    });
  });

  it('When a time is booked, then the resident sees the reference and time, and can add it to a calendar, change it or open the meeting', () => {
    const { card, element, text } = render(bookingConfirmedCard(CONFIRMED));

    expect(text).toContain('Your time is booked');
    expect(text).toContain('Reference | SQ-7KM4-Q2XD');
    expect(text).toContain('When | Saturday 8 March, 10:20am');
    expect(text).toContain('send me your reference (SQ-7KM4-Q2XD) to check in');
    expect(buttonTitles(element)).toEqual(['Add to calendar', 'Change or cancel', 'Meeting link']);
    expect(actions(card).map((a) => (a as AC.OpenUrlAction).url)).toEqual([CONFIRMED.calendarUrl, CONFIRMED.manageUrl, CONFIRMED.joinUrl]);
  });
});

describe('remembering a resident, opt-in', () => {
  it('When a resident has not asked to be remembered, then the toggle is off and there is no "Forget my details"', () => {
    const { card, element } = render(checkInCard({ surgery: SURGERY, privacy: PRIVACY }));
    const toggle = card.getAllInputs().find((input) => input.id === 'remember') as AC.ToggleInput;
    expect(toggle.title).toBe('Remember my name and postcode in this chat for next time');
    expect(toggle.value).toBe('false');
    expect(buttonTitles(element)).toEqual(['Check in']);
  });

  it.each([
    [
      'check-in',
      () => checkInCard({ surgery: SURGERY, privacy: PRIVACY, values: { name: 'Jane Smith', postcode: 'SW1A 1AA' }, remembered: true }),
    ],
    [
      'booking',
      () =>
        bookingFormCard({
          surgery: BOOKABLE,
          slots: SLOTS,
          privacy: PRIVACY,
          values: { name: 'Jane Smith', postcode: 'SW1A 1AA' },
          remembered: true,
        }),
    ],
  ])(
    'When the %s form is filled in from last time, then it says so, the toggle stays on, and the resident can forget their details',
    (_, build) => {
      const { card, element, text } = render(build());
      expect(text).toContain('We filled in your name and postcode from last time, as you asked.');
      expect((card.getAllInputs().find((input) => input.id === 'remember') as AC.ToggleInput).value).toBe('true');
      expect(buttonTitles(element)[1]).toBe('Forget my details');
      expect((actions(card)[1] as AC.SubmitAction).data).toEqual({ action: 'forget_me' });
    },
  );
});

describe('the check-in card', () => {
  it('When a resident starts, then they see the surgery, its times and councillors, and every field with its label', () => {
    const { card, text } = render(checkInCard({ surgery: SURGERY, privacy: PRIVACY }));

    expect(text).toContain('Check in for the Riverside surgery');
    expect(text).toContain('Saturday 1 March, 10am to midday. With Cllr Amina Patel.');
    for (const label of [
      'Your name',
      'Your postcode',
      'What would you like to talk about?',
      'Mobile number or email for alerts (optional)',
    ]) {
      expect(text).toContain(label);
    }
    expect(card.getAllInputs().map((input) => [input.id, input.isRequired])).toEqual([
      ['name', true],
      ['postcode', true],
      ['issue', true],
      ['contact', false],
      ['accessNeeds', false],
      ['remember', false],
    ]);
    expect(text).not.toContain('There is a problem');
  });

  it('When a resident starts, then before any input they read who keeps their details, why, for how long, and not to share sensitive ones', () => {
    const { card, text } = render(
      checkInCard({ surgery: SURGERY, privacy: { councilName: 'Riverside Borough Council', retentionDays: 45 } }),
    );

    const notice = text.indexOf(
      'Riverside Borough Council keeps what you tell us here so your councillor can talk to you and follow up your question.',
    );
    expect(notice).toBeGreaterThan(-1);
    expect(text).toContain('We keep it for 45 days after the surgery, then delete it.');
    expect(text).toContain('Please do not include details you would not want recorded');
    expect(notice).toBeLessThan(text.indexOf('Your name'));
    expect(text.indexOf('would not want recorded')).toBeLessThan(text.indexOf('Your name'));
    expect(card.getAllInputs()).toHaveLength(6);
  });

  it('When a resident sends the form, then the button says so and tells the bot which surgery', () => {
    const { card, element } = render(checkInCard({ surgery: SURGERY, privacy: PRIVACY }));

    expect(buttonTitles(element)).toEqual(['Check in']);
    expect((actions(card)[0] as AC.SubmitAction).data).toEqual({ action: 'check_in', surgeryId: SURGERY.id });
  });

  it('When something was wrong, then the resident sees each problem and what they typed is still there', () => {
    const { card, text } = render(checkInCard({ surgery: SURGERY, privacy: PRIVACY, values: TYPED, problems: PROBLEMS }));

    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter a real UK postcode, like SW1A 1AA.');
    expect(text).toContain('Tell us briefly what you would like to talk about.');
    expect(card.getAllInputs().map((input) => [input.id, input.value])).toEqual([
      ['name', 'Jane Smith'],
      ['postcode', '12345'],
      ['issue', ''],
      ['contact', '07700 900123'],
      ['accessNeeds', 'BSL interpreter'],
      ['remember', 'false'],
    ]);
  });
});

describe('the place card', () => {
  it.each([
    [1, '1st: you are next', 'About 10:35am to 10:55am'],
    [2, '2nd', 'About 10:35am to 10:55am'],
    [3, '3rd', 'About 10:35am to 10:55am'],
    [10, '10th', 'About 10:35am to 10:55am'],
    [11, 'At least 10 people are ahead of you', 'About 10:35am to 10:55am'],
    [22, 'At least 20 people are ahead of you', 'About 10:35am to 10:55am'],
  ])('When a resident is number %i, then they read "%s" and "%s"', (position, place, time) => {
    const { text } = render(placeCard(aPlace({ position })));

    expect(text).toContain(`Your place | ${place}`);
    expect(text).toContain(`Estimated time | ${time}`);
  });

  it('When a resident is further back than the first ten, then the card says when it will give the exact place, and where to see it now', () => {
    expect(render(placeCard(aPlace({ position: 57 }), 'https://queue.example/status/abc')).text).toContain(
      'This card gives your exact place once you are among the first 10. "See your place in a browser" gives it now.',
    );
    expect(render(placeCard(aPlace({ position: 57 }))).text).toContain(
      'This card gives your exact place once you are among the first 10. |',
    );
    expect(render(placeCard(aPlace({ position: 10 }), 'https://queue.example/status/abc')).text).not.toContain('exact place');
  });

  it('When a resident is waiting, then they see their lobby tag, when the surgery ends, and a button to leave', () => {
    const { card, element, text } = render(placeCard(aPlace()));

    expect(text).toContain('Your name for the meeting | Jane S · A7');
    expect(text).toContain('The Riverside surgery ends at midday.');
    expect(buttonTitles(element)).toEqual(['Leave the queue']);
    expect((actions(card)[0] as AC.SubmitAction).data).toEqual({ action: 'leave', visitId: 'visit-1' });
  });
});

describe('the place card of a resident from another ward', () => {
  it('When the postcode is in another ward, then the card says which, kindly, before what happens next', () => {
    const { text } = render(placeCard(aPlace({ postcodeWard: 'Abbey' })));

    expect(text).toContain(
      'Your postcode is in Abbey ward. The councillors at the Riverside surgery can still talk to you today. For help with something in Abbey ward, your own ward councillors may be able to do more. | We will message you here',
    );
    expect(render(placeCard(aPlace())).text).not.toContain('Your postcode is in');
  });
});

describe('the place card near the end', () => {
  it('When the resident will probably not be reached, then the card says so plainly and still lets them wait', () => {
    const place = aPlace();
    const { text } = render(placeCard({ ...place, estimate: { ...place.estimate, reach: 'probably_not' } }));

    expect(text).toContain(
      'The surgery ends at midday and will probably end before we reach you; if we do reach you, it will be near the end.',
    );
    expect(text).toContain('You can keep waiting');
    expect(render(placeCard(place)).text).not.toContain('before we reach you');
  });

  it('When the estimate is unsure whether the resident will be reached, then the card says it may be close to the end, neither promising nor warning', () => {
    const place = aPlace();
    const { text } = render(placeCard({ ...place, estimate: { ...place.estimate, reach: 'close_to_end' } }));

    expect(text).toContain('It may be close to the end: the surgery ends at midday');
    expect(text).toContain('Please keep waiting');
    expect(text).not.toContain('will probably end before we reach you');
  });
});

describe('the closed place card', () => {
  it.each([
    ['called', 'join the meeting'],
    ['left', 'You left the queue.'],
    ['not_reached', 'The surgery ended before we could reach you.'],
    ['finished', 'Your visit has finished.'],
  ] as const)(
    'When a resident stops waiting because they were %s, then the card says why, keeps their tag and offers no Leave button',
    (reason, why) => {
      const { card, element, text } = render(placeClosedCard('Jane S · A7', reason));

      expect(text).toContain('You are no longer waiting');
      expect(text).toContain(why);
      expect(text).toContain('Jane S · A7');
      expect(text).not.toContain('Leave the queue');
      expect(card.getActionCount()).toBe(0);
      expect(element.querySelectorAll('button')).toHaveLength(0);
    },
  );
});

describe('the called card', () => {
  it("When it is a resident's turn, then they see their lobby tag, how soon, and a button that opens the meeting", () => {
    const { card, element, text } = render(calledCard(CALLED));

    expect(text).toContain('It is your turn next');
    expect(text).toContain('Please join the Riverside surgery meeting now');
    expect(text).toContain('within about 5 minutes');
    expect(text).toContain('When Teams asks for your name, type: | Jane S · A7');
    expect(buttonTitles(element)).toEqual(['Join the meeting']);
    const [join] = actions(card);
    expect(join).toBeInstanceOf(AC.OpenUrlAction);
    expect((join as AC.OpenUrlAction).url).toBe(SURGERY.joinUrl);
  });
});

describe('the check-in card with several surgeries open', () => {
  const THIRD: SurgerySummary = { ...OTHER_SURGERY, id: 'surgery-3', ward: 'Moorside' };
  const choiceOf = (card: AC.AdaptiveCard) => card.getAllInputs().find((input) => input.id === 'surgeryId') as AC.ChoiceSetInput;

  it('When a resident starts, then the first thing they fill in is which surgery, with each ward and its times, and the button leaves the choice to it', () => {
    const { card, element, text } = render(checkInCard({ choices: [SURGERY, OTHER_SURGERY], privacy: PRIVACY }));

    expect(text).toContain('Check in for a surgery');
    expect(text).toContain('2 surgeries are open now.');
    const choice = choiceOf(card);
    expect(card.getAllInputs().map((input) => input.id)).toEqual([
      'surgeryId',
      'name',
      'postcode',
      'issue',
      'contact',
      'accessNeeds',
      'remember',
    ]);
    expect(choice.isRequired).toBe(true);
    expect(choice.label).toBe('Which surgery are you here for?');
    expect(choice.choices.map((c) => c.value)).toEqual([SURGERY.id, OTHER_SURGERY.id]);
    expect(choice.choices[0]!.title).toMatch(/^Riverside: Saturday 1 March, /);
    expect(choice.choices[1]!.title).toMatch(/^Hillside: Saturday 1 March, /);
    expect(choice.isCompact).toBe(false);
    expect(buttonTitles(element)).toEqual(['Check in']);
    expect((actions(card)[0] as AC.SubmitAction).data).toEqual({ action: 'check_in' });
  });

  it('When many surgeries are open, then they are chosen from a drop-down rather than a long list', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ ...OTHER_SURGERY, id: `surgery-${i}`, ward: `Ward ${i}` }));
    const { card } = render(checkInCard({ choices: many, privacy: PRIVACY }));

    expect(choiceOf(card).isCompact).toBe(true);
    expect(choiceOf(card).choices).toHaveLength(20);
  });

  it('When the form came back without a choice, then it says to choose one, above the choice, and keeps what was typed', () => {
    const problems = [{ field: 'surgeryId', message: 'Choose the surgery you are here for.' }];
    const { card, text } = render(
      checkInCard({ choices: [SURGERY, OTHER_SURGERY, THIRD], privacy: PRIVACY, values: { name: 'Jane Smith' }, problems }),
    );

    expect(text).toContain('There is a problem');
    expect(text.indexOf('Choose the surgery you are here for.')).toBeGreaterThan(-1);
    expect(inputValue(card, 'name')).toBe('Jane Smith');
    expect(choiceOf(card).value).toBeUndefined();
  });

  it('When the resident had chosen one, then it is still chosen', () => {
    const { card } = render(checkInCard({ choices: [SURGERY, OTHER_SURGERY], privacy: PRIVACY, values: { surgeryId: OTHER_SURGERY.id } }));

    expect(choiceOf(card).value).toBe(OTHER_SURGERY.id);
  });

  it('When other open surgeries see residents by appointment, then the form says to send a booking reference for them', () => {
    const { text } = render(
      checkInCard({ choices: [SURGERY, OTHER_SURGERY], privacy: PRIVACY, byAppointment: ['Abbey', 'Castle', 'Dale'] }),
    );

    expect(text).toContain(
      'The Abbey, Castle and Dale surgeries see residents by appointment. If you have booked, send me your booking reference instead',
    );
  });
});

describe('the choose-a-surgery card', () => {
  it('When two surgeries are open, then the resident sees both with their times and a button for each', () => {
    const { card, element, text } = render(chooseSurgeryCard([SURGERY, OTHER_SURGERY]));

    expect(text).toContain('Riverside: Saturday 1 March, 10am to midday');
    expect(text).toContain('Hillside: Saturday 1 March, 10:30am to 11:30am');
    expect(buttonTitles(element)).toEqual(['Riverside', 'Hillside']);
    expect(actions(card).map((a) => (a as AC.SubmitAction).data)).toEqual([
      { action: 'choose_surgery', surgeryId: SURGERY.id },
      { action: 'choose_surgery', surgeryId: OTHER_SURGERY.id },
    ]);
  });
});

describe('what residents and councillors type is shown as typed', () => {
  const TRICKY = [
    '**Bold** [link](http://evil.example) <b>x</b>',
    '# Fake heading _now_',
    '{{DATE(2025-03-01T10:00:00Z, SHORT)}}',
    'C:\\temp\\*notes*',
  ];

  /** The text of the card's text blocks only: buttons show titles as plain text, so they prove nothing here. */
  const blockText = (json: AdaptiveCard): string =>
    Array.from(render(json).element.querySelectorAll('.ac-textBlock'), (e) => (e.textContent ?? '').replace(/\s+/g, ' ')).join(' | ');

  /** Formatting elements in the rendered card: typed text must add none to those the card has anyway. */
  const formatting = (json: AdaptiveCard): number =>
    render(json).element.querySelectorAll('a, strong, b, em, i, h1, h2, h3, h4, h5, h6, ul, ol, img').length;

  it('When text is not escaped, then the stand-in Markdown does make links and bold text (so the checks below can fail)', () => {
    expect(formatting(cardOf([paragraph(TRICKY[0]!)]))).toBe(3);
  });

  /** Each card, and what in it someone typed: [card, what, make the card showing the text, an ordinary value]. */
  const typedInto: [string, string, (typed: string) => AdaptiveCard, string][] = [
    ['place', 'lobby tag', (tag) => placeCard(aPlace({ lobbyTag: tag })), 'Jane S · A7'],
    ['closed place', 'lobby tag', (tag) => placeClosedCard(tag, 'left'), 'Jane S · A7'],
    ['called', 'lobby tag', (tag) => calledCard({ ...CALLED, lobbyTag: tag }), 'Jane S · A7'],
    [
      'check-in',
      'ward and councillor',
      (name) => checkInCard({ surgery: { ...SURGERY, ward: name, councillors: [name] }, privacy: PRIVACY }),
      'Riverside',
    ],
    ['choose-a-surgery', 'ward', (name) => chooseSurgeryCard([{ ...SURGERY, ward: name }]), 'Riverside'],
    ['place', 'ward', (name) => placeCard(aPlace({ ward: name })), 'Riverside'],
    ['called', 'ward', (name) => calledCard({ ...CALLED, ward: name }), 'Riverside'],
    ['getting-close', 'lobby tag', (tag) => gettingCloseCard({ ...GETTING_CLOSE, lobbyTag: tag }), 'Jane S · A7'],
    ['getting-close', 'ward', (name) => gettingCloseCard({ ...GETTING_CLOSE, ward: name }), 'Riverside'],
    ['may-not-be-reached', 'lobby tag', (tag) => mayNotBeReachedCard({ ...MAY_NOT_BE_REACHED, lobbyTag: tag }), 'Jane S · A7'],
    ['may-not-be-reached', 'ward', (name) => mayNotBeReachedCard({ ...MAY_NOT_BE_REACHED, ward: name }), 'Riverside'],
  ];

  it.each(typedInto.flatMap(([card, what, make, plain]) => TRICKY.map((typed) => [card, what, typed, make, plain] as const)))(
    'When the %s card shows a %s typed as "%s", then it appears literally, with no formatting',
    (_card, _what, typed, make, plain) => {
      expect(blockText(make(typed))).toContain(typed);
      expect(formatting(make(typed))).toBe(formatting(make(plain)));
    },
  );

  it("When a resident's name is full of Markdown, then their real lobby tag shows as typed", () => {
    const tag = lobbyTag(TRICKY[0]!, 1);
    const { element, text } = render(calledCard({ ...CALLED, lobbyTag: tag }));

    expect(tag).toBe('**Bold** < · A1');
    expect(text).toContain(tag);
    // The card's own headings and links are formatted; nothing the resident typed is.
    expect(Array.from(element.querySelectorAll('a, strong, b'), (e) => e.textContent).filter((t) => t?.includes('Bold'))).toEqual([]);
  });

  it('When a resident typed Markdown into the form, then it comes back in the fields exactly as typed', () => {
    const values = { name: TRICKY[0]!, postcode: '', issue: TRICKY[1]!, contact: '', accessNeeds: TRICKY[2]! };

    const { card } = render(checkInCard({ surgery: SURGERY, privacy: PRIVACY, values }));

    expect(inputValue(card, 'name')).toBe(TRICKY[0]);
    expect(inputValue(card, 'issue')).toBe(TRICKY[1]);
    expect(inputValue(card, 'accessNeeds')).toBe(TRICKY[2]);
    expect(formatting(checkInCard({ surgery: SURGERY, privacy: PRIVACY, values }))).toBe(
      formatting(checkInCard({ surgery: SURGERY, privacy: PRIVACY })),
    );
  });
});

describe('textFor', () => {
  it.each(MESSAGES.map((m) => [m.kind, m] as const))('When the bot sends "%s", then there are words to show', (_, message) => {
    expect(textFor(message).trim()).not.toBe('');
  });

  it('When no surgery is open but one is planned, then the resident is told the ward, day and time of the next', () => {
    expect(textFor(EXAMPLES.no_surgery_open)).toBe(
      'There is no surgery open right now. The next one is the Hillside surgery on Saturday 8 March, 10am to midday. Message me then to join the queue.',
    );
  });

  it.each<ResidentMessage>([
    { kind: 'no_surgery_open', datesUrl: DATES_URL },
    { kind: 'no_bookings', ward: 'Riverside', datesUrl: DATES_URL },
    { kind: 'next_surgery', ward: 'Hillside', lobbyTag: 'Jane S · A7', datesUrl: DATES_URL },
  ])('When there is no surgery to go to ("$kind"), then the resident gets the link to the surgery dates', (message) => {
    expect(textFor(message)).toContain(`New dates are listed at ${DATES_URL}`);
    expect(textFor(message)).not.toContain('council website');
  });

  it.each([
    [EXAMPLES.place, 'You are number 2 in the queue.'],
    [{ ...EXAMPLES.place, place: aPlace({ position: 57 }) }, 'At least 50 people are ahead of you in the queue.'],
    [EXAMPLES.called, 'Jane S · A7'],
    [EXAMPLES.not_reached, 'Riverside'],
    [EXAMPLES.reinstated, 'Good news: the Riverside surgery is open again. You are back in the queue as "Jane S · A7".'],
    [EXAMPLES.refused, 'You are already in the queue for this surgery.'],
  ])('When the bot sends "$kind", then the words include what the resident needs', (message, expected) => {
    expect(textFor(message)).toContain(expected);
  });
});

describe('renderMessage', () => {
  it.each(CARD_KINDS.map((kind) => [kind, EXAMPLES[kind]] as const))(
    'When the bot sends "%s", then it is an Adaptive Card with a text summary',
    (_, message) => {
      const activity = renderMessage(message);

      expect(activity.attachments?.map((a) => a.contentType)).toEqual(['application/vnd.microsoft.card.adaptive']);
      expect(activity.summary).toBe(textFor(message));
    },
  );

  it.each(MESSAGES.filter((m) => !CARD_KINDS.includes(m.kind)).map((m) => [m.kind, m] as const))(
    'When the bot sends "%s", then it is plain text, so nothing typed is read as Markdown',
    (_, message) => {
      const activity = renderMessage(message);

      expect(activity).toMatchObject({ text: textFor(message), textFormat: 'plain' });
      expect(activity.attachments).toBeUndefined();
    },
  );
});

describe('the visit summary card', () => {
  it('When a consultation ends with a follow-up, then the resident sees the case reference, topic, note and that news will come', () => {
    const { text, element } = render(summaryCard(SUMMARY));

    expect(text).toContain('Thank you for coming');
    expect(text).toContain('Riverside surgery');
    expect(text).toContain('SQ-7K4M');
    expect(text).toContain('Housing');
    expect(text).toContain('Your councillor will follow this up');
    // The councillor's note shows as typed: no emphasis, no link.
    expect(text).toContain('Will ask *Housing* to [inspect](https://evil.example) the damp by Friday.');
    expect(element.querySelector('a')).toBeNull();
  });

  it('When the summary asks its optional "Did you feel listened to?", then it offers yes, partly or no, an optional comment, nothing starred as required, and says the answer is anonymous', () => {
    const { card, text, element } = render(summaryCard(SUMMARY));

    expect(text).toContain('One question (optional)');
    expect(text).toContain('Did you feel listened to?');
    expect(text).toContain('Your answer is counted anonymously');
    expect(card.getAllInputs().map((input) => [input.id, input.isRequired])).toEqual([
      ['listened', false],
      ['comment', false],
    ]);
    // The renderer stars a required input's label; an optional question has none.
    expect(element.querySelector('.ac-required-indicator')).toBeNull();
    expect(buttonTitles(element)).toEqual(['Send answer']);
    expect(actions(card).map((action) => (action as AC.SubmitAction).data)).toEqual([
      { action: 'feedback', surgeryId: 'surgery-1', visitId: 'visit-1' },
    ]);
  });

  it('When no follow-up is needed, then the resident is told so and how to quote the reference', () => {
    const { text } = render(summaryCard({ ...SUMMARY, followUp: false, topic: undefined, outcome: '' }));

    expect(text).toContain('does not need to do anything more');
    expect(text).toContain('quote SQ-7K4M');
    expect(text).not.toContain('Topic');
    expect(text).not.toContain('What your councillor noted');
  });

  it.each([
    [false, 'Update on your case SQ-7K4M from your Riverside councillor: I’ve raised this with Highways; reply expected by Friday.'],
    [
      true,
      'Update on your case SQ-7K4M from your Riverside councillor: I’ve raised this with Highways; reply expected by Friday. Your councillor has now closed this case.',
    ],
  ])('When a case update is sent (closing the case: %s), then it is plain text with the case reference', (closesCase, words) => {
    expect(textFor({ ...EXAMPLES.case_update, closesCase })).toBe(words);
  });

  it('When a councillor messages a resident, then it is plain text that says who it is from', () => {
    expect(textFor(EXAMPLES.councillor_message)).toBe('Message from your councillor at the Riverside surgery: Please join the lobby now.');
  });
});

describe('the getting-close card', () => {
  it("When a resident's turn is about 5 minutes away, then they are told to get ready, with their lobby tag and a button that opens the meeting", () => {
    const { card, element, text } = render(gettingCloseCard(GETTING_CLOSE));

    expect(text).toContain('It is nearly your turn');
    expect(text).toContain('should call you in about 5 minutes');
    expect(text).toContain('When Teams asks for your name, type: | Jane S · A7');
    expect(buttonTitles(element)).toEqual(['Join the meeting']);
    expect((actions(card)[0] as AC.OpenUrlAction).url).toBe(SURGERY.joinUrl);
  });

  it('When the resident has a status page, then the card links to it too', () => {
    const { element } = render(gettingCloseCard({ ...GETTING_CLOSE, statusUrl: 'https://queue.example/status/abc' }));

    expect(buttonTitles(element)).toEqual(['Join the meeting', 'See your place in a browser']);
  });
});

describe('how a resident will join, from check-in to their turn', () => {
  const DIAL_IN = { number: '+44 20 3443 1234', conferenceId: '123 456 789' };
  const links = (element: HTMLElement) => Array.from(element.querySelectorAll('a'), (a) => [a.textContent, a.getAttribute('href')]);

  it.each<[string, (dialIn?: typeof DIAL_IN) => object]>([
    ['place card, from check-in on', (dialIn) => placeCard(aPlace(dialIn ? { dialIn } : {}))],
    ['"it is nearly your turn" card', (dialIn) => gettingCloseCard({ ...GETTING_CLOSE, ...(dialIn ? { dialIn } : {}) })],
    ['"it is your turn" card', (dialIn) => calledCard({ ...CALLED, ...(dialIn ? { dialIn } : {}) })],
  ])(
    'When a resident reads the %s, then it says an iPhone or iPad needs the Teams app, links to it, and tells Mac Safari users what to use',
    (_, make) => {
      const { element, text, problems } = render(make());

      expect(problems).toEqual([]);
      expect(text).toContain('How you will join the meeting');
      expect(text).toContain('On an iPhone or iPad, you need the free Microsoft Teams app to join. Get it now, while you wait.');
      expect(text).toContain('On a Mac, Safari may not join the meeting. Use the free Microsoft Teams app, or another web browser');
      expect(links(element)).toContainEqual([
        'Get Microsoft Teams from the App Store',
        'https://apps.apple.com/gb/app/microsoft-teams/id1113153706',
      ]);
      expect(text).not.toContain('Join by phone');
      expect(render(make(DIAL_IN)).text).toContain(
        'Join by phone: call +44 20 3443 1234 and enter the conference ID 123 456 789 followed by #.',
      );
    },
  );
});

describe('the may-not-be-reached card', () => {
  it('When the surgery will probably end first, then the resident reads it honestly, with the end, the estimate and three choices', () => {
    const { card, element, text } = render(mayNotBeReachedCard(MAY_NOT_BE_REACHED));

    expect(text).toContain('We will probably not reach you today');
    expect(text).toContain('The Riverside surgery ends at midday. Our best estimate for your turn is about 11:50am to 12:15pm');
    expect(text).toContain('Jane S · A7');
    expect(buttonTitles(element)).toEqual(['Keep waiting', 'Book a slot at the next surgery', 'Leave my issue for the councillor']);
    expect(actions(card).map((a) => (a as AC.SubmitAction).data)).toEqual([
      { action: 'keep_waiting', visitId: 'visit-7' },
      { action: 'next_surgery', visitId: 'visit-7' },
      { action: 'leave_issue', visitId: 'visit-7' },
    ]);
  });
});

describe('the no-show card', () => {
  it('When a resident is marked as not joining, then they read it without blame, with "I\'m here" for this visit and a link to book another time', () => {
    const { card, element, text } = render(noShowCard(EXAMPLES.no_show as Extract<ResidentMessage, { kind: 'no_show' }>));

    expect(text).toContain('we could not see you in the meeting, so the councillor moved on to the next resident');
    expect(text).toContain('If you are still there, press "I\'m here" within 10 minutes and you will be next in the queue.');
    expect(buttonTitles(element)).toEqual(["I'm here", 'Book another time']);
    expect((actions(card)[0] as AC.SubmitAction).data).toEqual({ action: 'im_here', surgeryId: 'surgery-1', visitId: 'visit-1' });
    expect((actions(card)[1] as AC.OpenUrlAction).url).toBe('https://surgeries.example.gov.uk/surgeries/ward/riverside');
  });
});

describe('replies to the may-not-be-reached choices', () => {
  it.each<{ message: ResidentMessage; expected: string }>([
    { message: EXAMPLES.still_waiting, expected: 'You are still in the queue as "Jane S · A7"' },
    { message: EXAMPLES.next_surgery, expected: 'the next Hillside surgery, on Saturday 8 March, 10am to midday' },
    {
      message: { kind: 'next_surgery', ward: 'Hillside', lobbyTag: 'Jane S · A7', datesUrl: DATES_URL },
      expected: 'no other Hillside surgery is planned yet',
    },
    { message: EXAMPLES.issue_left, expected: 'Your case reference is SQ-7K4M' },
  ])('When the bot answers "$message.kind", then the resident reads "$expected"', ({ message, expected }) => {
    expect(textFor(message)).toContain(expected);
  });

  it('When a resident asks to book but the next surgery has no times to book, then they are told so honestly and that they are still in the queue', () => {
    expect(textFor(EXAMPLES.next_surgery)).toContain('There are no times to book at the next Hillside surgery, on Saturday 8 March');
    expect(textFor(EXAMPLES.next_surgery)).toContain("still in today's queue");
  });
});
