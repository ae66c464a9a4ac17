import { readdirSync } from 'node:fs';
import type { SurgerySummary } from '../../bot/api-types';
import { loadConfig } from '../../bot/config';
import { GraphInvitesSender } from '../../bot/services/graph-invites-sender';
import type { ContactMessage } from '../../bot/domain/messages';
import type { ContactSender } from '../../bot/services/contact-sender';
import type { Delivery } from '../../bot/services/resident-messages';
import { graphAppToken } from '../../bot/server/auth/graph-app-token';
import { CLIENT_ID, CLIENT_SECRET, COUNCIL_TENANT, EntraUser, FakeEntra } from '../support/fake-entra';
import { FakeGraph, SentMail } from '../support/fake-graph';
import { eventOf, one } from '../support/ics-reader';
import { eventually } from '../support/patience';
import { SignedInTestApp, startSignedInApp, UserApi } from '../support/signed-in-app';
import { Resident } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const MAILBOX = 'surgeries@council.example';

const SURGERY = {
  ward: 'E05000001',
  startsAt: '2026-12-14T18:00:00.000Z',
  endsAt: '2026-12-14T20:00:00.000Z',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0',
  councillors: ['Cllr Ada Khan'],
  mode: 'bookings',
};

const COUNCIL = 'Cyngor Sir Ynys Môn';

/** The one part of a sent email with this content type (before its parameters). */
function partOf(mail: SentMail, type: string): SentMail['parts'][number] {
  const found = mail.parts.filter((part) => part.contentType.split(';')[0]!.trim() === type);
  expect(found.map((part) => part.contentType.split(';')[0])).toEqual([type]);
  return found[0]!;
}
/** The calendar part as a mail client reads it: its content type's parameters, and the iCalendar object in it. */
function invitationIn(mail: SentMail) {
  const calendar = partOf(mail, 'text/calendar');
  const params = Object.fromEntries(
    calendar.contentType
      .split(';')
      .slice(1)
      .map((param) => param.trim().split('=') as [string, string]),
  );
  return { params, ...eventOf(calendar.text) };
}

describe('With INVITES_MAILBOX, booked residents’ invitations come from the council’s mailbox through Graph', () => {
  let test: SignedInTestApp;
  let graph: FakeGraph;
  let ada: UserApi;

  beforeAll(async () => {
    test = await startSignedInApp({ graph: true, env: { INVITES_MAILBOX: MAILBOX, COUNCIL_NAME: COUNCIL, OUTBOX_RETRY_BASE_MS: '200' } });
    graph = test.graph!;
    ada = await test.as(ADA);
  });

  afterAll(async () => {
    await test?.stop();
  });

  afterEach(() => {
    expect(graph.problems).toEqual([]);
    expect(test.entra.tokenRequestProblems).toEqual([]);
  });

  const mailTo = (address: string) => graph.sentMail.filter((mail) => mail.headers.to?.endsWith(`<${address}>`));

  it('When a resident books, moves with the surgery and is cancelled with it, then each email is a meeting request from the mailbox, part by part: REQUEST awaiting their answer, REQUEST again with a higher SEQUENCE, then CANCEL', async () => {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', SURGERY);
    expect(created.status).toBe(201);
    const surgeryId = created.body.id;
    const jane = new Resident(test, 'webchat');
    expect(await jane.books(surgeryId, { contact: 'jane@example.com', name: 'Siân "Jan" Smith' })).toBe(200);
    await eventually(async () => mailTo('jane@example.com').length === 1, 'the confirmation is sent');

    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#first-case-access-token-request-with-a-shared-secret
    expect(test.entra.appTokenRequests.at(-1)).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: 'https://graph.microsoft.com/.default',
    });
    // https://learn.microsoft.com/en-us/graph/api/user-sendmail#example-4-send-a-new-message-using-mime-format
    const confirmation = mailTo('jane@example.com')[0]!;
    expect(confirmation.mailbox).toBe(MAILBOX);
    // Names that are not plain ASCII travel as RFC 2047 encoded-words; the stand-in decodes them as mail clients do.
    expect(confirmation.headers.from).toBe(`${COUNCIL} <${MAILBOX}>`);
    expect(confirmation.headers.to).toBe('Siân "Jan" Smith <jane@example.com>');
    expect(confirmation.headers.subject).toBe('Abbey ward surgery: your appointment is booked');
    // An iMIP message (RFC 6047, section 2.4): the words as text and HTML, and the invitation as its calendar alternative.
    expect(confirmation.headers['content-type']).toMatch(/^multipart\/alternative; boundary=/);
    expect(confirmation.parts.map((part) => part.contentType)).toEqual([
      'text/plain; charset=UTF-8',
      'text/html; charset=UTF-8',
      'text/calendar; method=REQUEST; charset=UTF-8',
    ]);
    expect(partOf(confirmation, 'text/plain').text).toContain('Your appointment at the Abbey ward surgery is booked.');
    expect(partOf(confirmation, 'text/html').text).toContain('<p>Your appointment at the Abbey ward surgery is booked.</p>');
    expect(partOf(confirmation, 'text/html').text).toContain(`<a href="${SURGERY.joinUrl}">`);
    const booked = invitationIn(confirmation);
    expect(booked.params.method).toBe('REQUEST');
    expect(one(booked.calendar, 'METHOD').value).toBe('REQUEST');
    expect(one(booked.event, 'SEQUENCE').value).toBe('0');
    const organiser = one(booked.event, 'ORGANIZER');
    expect(organiser.value.toLowerCase()).toBe(`mailto:${MAILBOX}`);
    expect(organiser.params.CN).toBe(`"${COUNCIL}"`);
    const attendee = one(booked.event, 'ATTENDEE');
    expect(attendee.value.toLowerCase()).toBe('mailto:jane@example.com');
    // Awaiting the resident's answer, so their calendar offers Accept and Decline (RFC 5545, sections 3.2.12 and 3.2.17).
    expect(attendee.params).toMatchObject({ PARTSTAT: 'NEEDS-ACTION', RSVP: 'TRUE', ROLE: 'REQ-PARTICIPANT' });
    const uid = one(booked.event, 'UID').value;
    const start = one(booked.event, 'DTSTART');
    expect(start.params.TZID).toBe('Europe/London');
    // Slot 8 of a surgery from 6pm GMT, ten minutes each.
    expect(start.value).toBe('20261214T192000');
    expect(one(booked.event, 'DTEND').value).toBe('20261214T193000');
    // Not also written to the mailbox that stands in for Notify here.
    expect(readdirSync(test.mailboxDir).filter((file) => file.endsWith('.eml'))).toEqual([]);

    const moved = await ada.call('PATCH', `/api/surgeries/${surgeryId}`, {
      startsAt: '2026-12-14T18:30:00.000Z',
      endsAt: '2026-12-14T20:30:00.000Z',
    });
    expect(moved.status).toBe(200);
    await eventually(async () => mailTo('jane@example.com').length === 2, 'the new time is sent');
    const newTime = mailTo('jane@example.com')[1]!;
    expect(newTime.headers.subject).toBe('Abbey ward surgery: your appointment has a new time');
    const movedInvite = invitationIn(newTime);
    expect(movedInvite.params.method).toBe('REQUEST');
    expect(one(movedInvite.event, 'UID').value).toBe(uid);
    expect(one(movedInvite.event, 'SEQUENCE').value).toBe('1');
    expect(one(movedInvite.event, 'DTSTART').value).toBe('20261214T195000');
    expect(one(movedInvite.event, 'DTEND').value).toBe('20261214T200000');

    const cancelled = await ada.call('POST', `/api/surgeries/${surgeryId}/cancel`, { message: 'I am unwell.' });
    expect(cancelled.status).toBe(200);
    await eventually(async () => mailTo('jane@example.com').length === 3, 'the cancellation is sent');
    const cancellation = mailTo('jane@example.com')[2]!;
    expect(partOf(cancellation, 'text/plain').text).toContain('The councillors say: "I am unwell."');
    const cancelledInvite = invitationIn(cancellation);
    expect(cancelledInvite.params.method).toBe('CANCEL');
    expect(one(cancelledInvite.calendar, 'METHOD').value).toBe('CANCEL');
    expect(one(cancelledInvite.event, 'STATUS').value).toBe('CANCELLED');
    expect(one(cancelledInvite.event, 'UID').value).toBe(uid);
    expect(one(cancelledInvite.event, 'SEQUENCE').value).toBe('2');
    expect(one(cancelledInvite.event, 'ORGANIZER').value.toLowerCase()).toBe(`mailto:${MAILBOX}`);
  });

  it('When Graph throttles the send, then the outbox tries again and the resident gets one email', async () => {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', {
      ...SURGERY,
      startsAt: '2026-12-15T18:00:00.000Z',
      endsAt: '2026-12-15T20:00:00.000Z',
    });
    const sends = () => graph.calls.filter((call) => call.startsWith('POST /users/')).length;
    const before = sends();
    graph.failNext('POST /users/', 429, 1);

    expect(await new Resident(test, 'webchat').books(created.body.id, { contact: 'sam@example.com' })).toBe(200);

    await eventually(async () => mailTo('sam@example.com').length === 1, 'the confirmation is sent once Graph takes it');
    await test.app.settled();
    expect(sends() - before).toBe(2);
    expect(mailTo('sam@example.com')).toHaveLength(1);
  });

  it('When a resident books with a mobile number, then their text goes as before and nothing is sent through Graph', async () => {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', {
      ...SURGERY,
      startsAt: '2026-12-16T18:00:00.000Z',
      endsAt: '2026-12-16T20:00:00.000Z',
    });
    const mails = graph.sentMail.length;

    expect(await new Resident(test, 'webchat').books(created.body.id, { contact: '07700 900456' })).toBe(200);
    await test.app.settled();

    expect(graph.sentMail.length).toBe(mails);
    expect(readdirSync(test.mailboxDir).filter((file) => file.endsWith('.txt'))).toHaveLength(1);
  });
});

/** Records what it was handed: texts and emails with no invitation. */
class RecordingSender implements ContactSender {
  readonly sent: ContactMessage[] = [];
  async send(message: ContactMessage): Promise<Delivery> {
    this.sent.push(message);
    return { delivered: true, activityId: message.id };
  }
}

describe('The Graph sender of invitations, against Entra ID’s and Graph’s stand-ins', () => {
  let entra: FakeEntra;
  let graph: FakeGraph;
  let others: RecordingSender;
  let sender: GraphInvitesSender;

  const senderFrom = (mailbox: string) =>
    new GraphInvitesSender({
      baseUrl: graph.baseUrl,
      mailbox,
      senderName: COUNCIL,
      appToken: graphAppToken({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authorityHost: entra.authorityHost,
        tenantId: COUNCIL_TENANT,
        agentOptions: { ca: entra.certificate },
      }),
      timeoutMs: 30_000,
      others,
    });

  const invitation: ContactMessage = {
    id: 'booking-b1-confirmed',
    to: { kind: 'email', value: 'jane@example.com' },
    surgeryId: 's1',
    subject: 'Abbey ward surgery: your appointment is booked',
    body: 'Your appointment is booked.',
    calendar: { filename: 'surgery-appointment-SQ-1.ics', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' },
  };

  beforeAll(async () => {
    entra = await new FakeEntra().start({ https: true });
    graph = await new FakeGraph(entra).start();
  });

  beforeEach(() => {
    entra.appRoles = ['Mail.Send'];
    others = new RecordingSender();
    sender = senderFrom(MAILBOX);
  });

  afterAll(async () => {
    await graph?.stop();
    await entra?.stop();
  });

  it('When a name or subject holds a line break, then nothing is sent, for good, and no header could be added', async () => {
    const calls = graph.calls.length;
    for (const message of [
      { ...invitation, toName: 'Jane\r\nBcc: everyone@example.com' },
      { ...invitation, toName: 'Jane\nBcc: everyone@example.com' },
      { ...invitation, subject: 'Booked\r\nBcc: everyone@example.com' },
    ]) {
      expect(await sender.send(message)).toMatchObject({ delivered: false, retryable: false, error: expect.stringMatching(/line break/) });
    }
    expect(
      await senderFrom(MAILBOX).send({ ...invitation, to: { kind: 'email', value: 'jane@example.com>\r\nBcc: x@example.com' } }),
    ).toMatchObject({
      delivered: false,
      retryable: false,
    });
    expect(graph.calls.length).toBe(calls);
  });

  it('When names and the subject hold quotes, brackets, commas and letters beyond ASCII, then they reach the mail client as they were, and the recipient is only the resident', async () => {
    const sent = graph.sentMail.length;
    const name = 'O’Brien, Siân <boss@example.com> "Jan" =?UTF-8?B?eA==?=';
    const subject = `Ward surgery · Llanfair${'pwllgwyngyll'.repeat(8)}: your appointment is booked`;
    expect(await sender.send({ ...invitation, toName: name, subject })).toMatchObject({ delivered: true });
    const mail = graph.sentMail[sent]!;
    expect(mail.headers.to).toBe(`${name} <jane@example.com>`);
    expect(mail.headers.to!.match(/<[^>]*>$/)?.[0]).toBe('<jane@example.com>');
    expect(mail.headers.subject).toBe(subject);
    expect(mail.headers.from).toBe(`${COUNCIL} <${MAILBOX}>`);
    expect(Object.keys(mail.headers).filter((header) => ['bcc', 'cc'].includes(header))).toEqual([]);
  });

  it('When Graph throttles with Retry-After, then the delivery is to be retried no sooner than it asks', async () => {
    graph.failNext('POST /users/', 429, 7);
    expect(await sender.send(invitation)).toEqual({
      delivered: false,
      retryable: true,
      error: 'Graph 429 ApplicationThrottled',
      retryAfterMs: 7000,
    });
  });

  it('When Graph fails, then the delivery is to be retried', async () => {
    graph.failNext('POST /users/', 503);
    expect(await sender.send(invitation)).toMatchObject({ delivered: false, retryable: true });
  });

  it('When Mail.Send was not granted, then the delivery fails for good and says which permission', async () => {
    entra.appRoles = [];
    const delivery = await sender.send(invitation);
    expect(delivery).toMatchObject({ delivered: false, retryable: false });
    expect(delivery.error).toMatch(/403 ErrorAccessDenied .*Mail\.Send/);
  });

  it('When the mailbox does not exist, then the delivery fails for good', async () => {
    expect(await senderFrom('nobody@council.example').send(invitation)).toMatchObject({
      delivered: false,
      retryable: false,
      error: 'Graph 404 ErrorInvalidUser',
    });
  });

  it('When a message is a text or an email without an invitation, then it goes the other way and Graph is not asked', async () => {
    const calls = graph.calls.length;
    const text: ContactMessage = { ...invitation, id: 't1', to: { kind: 'mobile', value: '+447700900456' } };
    const reminder: ContactMessage = { id: 'r1', to: invitation.to, surgeryId: 's1', subject: 'Reminder', body: 'Tomorrow at 6pm.' };
    await sender.send(text);
    await sender.send(reminder);
    expect(others.sent.map((m) => m.id)).toEqual(['t1', 'r1']);
    expect(graph.calls.length).toBe(calls);
  });
});

describe('INVITES_MAILBOX is checked at start', () => {
  const signedIn = {
    MICROSOFT_APP_ID: '3f0c5e52-6b1d-4f7e-9a39-2d1f6c8b7a41',
    MICROSOFT_APP_PASSWORD: 'secret',
    MICROSOFT_APP_TENANT_ID: COUNCIL_TENANT,
    AAD_APP_CLIENT_ID: CLIENT_ID,
    AAD_APP_ID_URI: `api://localhost/${CLIENT_ID}`,
    ALLOWED_TENANT_IDS: COUNCIL_TENANT,
    WARDS_FILE: '/tmp/wards.csv',
  };

  it('When it is not an email address, then the server refuses to start and says so', () => {
    expect(() => loadConfig({ ...signedIn, AAD_APP_CLIENT_SECRET: 'x', INVITES_MAILBOX: 'surgeries' })).toThrow(
      /INVITES_MAILBOX must be an email address, or empty \(got "surgeries"\)/,
    );
  });

  it('When the app has no client secret to send with, then the server refuses to start and says so', () => {
    expect(() => loadConfig({ ...signedIn, INVITES_MAILBOX: MAILBOX })).toThrow(/INVITES_MAILBOX needs AAD_APP_CLIENT_SECRET/);
  });

  it('When local mode is given a mailbox, then the server refuses to start', () => {
    expect(() => loadConfig({ LOCAL_MODE: 'true', INVITES_MAILBOX: MAILBOX })).toThrow(/INVITES_MAILBOX/);
  });

  it('When the mailbox is named with everything it needs, then the server starts with it', () => {
    expect(loadConfig({ ...signedIn, AAD_APP_CLIENT_SECRET: 'x', INVITES_MAILBOX: MAILBOX }).bookings.invitesMailbox).toBe(MAILBOX);
  });
});
