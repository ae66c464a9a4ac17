import { readdirSync } from 'node:fs';
import type { SurgerySummary } from '../../bot/api-types';
import { loadConfig } from '../../bot/config';
import { GraphInvitesSender } from '../../bot/services/graph-invites-sender';
import type { ContactMessage } from '../../bot/services/contact-post';
import type { ContactSender } from '../../bot/services/contact-sender';
import type { Delivery } from '../../bot/services/resident-messages';
import { graphAppToken } from '../../bot/server/auth/graph-app-token';
import { CLIENT_ID, CLIENT_SECRET, COUNCIL_TENANT, EntraUser, FakeEntra } from '../support/fake-entra';
import { FakeGraph } from '../support/fake-graph';
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

/** The .ics a sent email carries, decoded from its attachment's contentBytes. */
const invitationIn = (mail: { body: Record<string, any> }): string =>
  Buffer.from(mail.body.message.attachments[0].contentBytes, 'base64').toString('utf8');
// Long iCalendar lines are folded (RFC 5545, section 3.1): read each as one.
const field = (ics: string, name: string) => new RegExp(`^${name}[:;](.*)$`, 'mi').exec(ics.replace(/\r\n[ \t]/g, ''))?.[1]?.trim();

describe('With INVITES_MAILBOX, booked residents’ invitations come from the council’s mailbox through Graph', () => {
  let test: SignedInTestApp;
  let graph: FakeGraph;
  let ada: UserApi;
  // A calendar tells versions of an invitation apart by SEQUENCE, in whole seconds since the booking: the
  // test moves the clock on between changes, as a councillor's minutes between them would.
  let skipped = 0;
  const clock = () => new Date(Date.now() + skipped);

  beforeAll(async () => {
    test = await startSignedInApp({ clock, graph: true, env: { INVITES_MAILBOX: MAILBOX, OUTBOX_RETRY_BASE_MS: '200' } });
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

  const mailTo = (address: string) => graph.sentMail.filter((mail) => mail.body.message.toRecipients[0].emailAddress.address === address);

  it('When a resident books, moves with the surgery and is cancelled with it, then each email is sent from the mailbox with the invitation attached: REQUEST, REQUEST again with a higher SEQUENCE, then CANCEL', async () => {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', SURGERY);
    expect(created.status).toBe(201);
    const surgeryId = created.body.id;
    const jane = new Resident(test, 'webchat');
    expect(await jane.books(surgeryId, { contact: 'jane@example.com' })).toBe(200);
    await eventually(async () => mailTo('jane@example.com').length === 1, 'the confirmation is sent');

    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#first-case-access-token-request-with-a-shared-secret
    expect(test.entra.appTokenRequests.at(-1)).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: 'https://graph.microsoft.com/.default',
    });
    // https://learn.microsoft.com/en-us/graph/api/user-sendmail
    const confirmation = mailTo('jane@example.com')[0]!;
    expect(confirmation.mailbox).toBe(MAILBOX);
    expect(confirmation.body.saveToSentItems).toBe(true);
    const message = confirmation.body.message;
    expect(message.toRecipients).toEqual([{ emailAddress: { address: 'jane@example.com' } }]);
    expect(message.subject).toBe('Abbey ward surgery: your appointment is booked');
    // https://learn.microsoft.com/en-us/graph/api/resources/itembody
    expect(message.body.contentType).toBe('text');
    expect(message.body.content).toContain('Your appointment at the Abbey ward surgery is booked.');
    // https://learn.microsoft.com/en-us/graph/api/resources/fileattachment
    expect(message.attachments).toHaveLength(1);
    const attachment = message.attachments[0];
    expect(attachment['@odata.type']).toBe('#microsoft.graph.fileAttachment');
    expect(attachment.name).toMatch(/^surgery-appointment-SQ-[A-Z0-9-]+\.ics$/);
    expect(attachment.contentType).toBe('text/calendar; method=REQUEST');
    const booked = invitationIn(confirmation);
    expect(booked).toMatch(/^BEGIN:VCALENDAR/);
    expect(field(booked, 'METHOD')).toBe('REQUEST');
    expect(field(booked, 'SEQUENCE')).toBe('0');
    expect(field(booked, 'ORGANIZER')?.toLowerCase()).toContain(`mailto:${MAILBOX}`);
    expect(field(booked, 'ATTENDEE')?.toLowerCase()).toContain('mailto:jane@example.com');
    // Not also written to the mailbox that stands in for Notify here.
    expect(readdirSync(test.mailboxDir).filter((file) => file.endsWith('.eml'))).toEqual([]);

    skipped += 60_000;
    const moved = await ada.call('PATCH', `/api/surgeries/${surgeryId}`, {
      startsAt: '2026-12-14T18:30:00.000Z',
      endsAt: '2026-12-14T20:30:00.000Z',
    });
    expect(moved.status).toBe(200);
    await eventually(async () => mailTo('jane@example.com').length === 2, 'the new time is sent');
    const newTime = mailTo('jane@example.com')[1]!;
    expect(newTime.body.message.subject).toBe('Abbey ward surgery: your appointment has a new time');
    expect(newTime.body.message.attachments[0].contentType).toBe('text/calendar; method=REQUEST');
    const movedInvite = invitationIn(newTime);
    expect(field(movedInvite, 'UID')).toBe(field(booked, 'UID'));
    expect(Number(field(movedInvite, 'SEQUENCE'))).toBeGreaterThan(0);

    skipped += 60_000;
    const cancelled = await ada.call('POST', `/api/surgeries/${surgeryId}/cancel`, { message: 'I am unwell.' });
    expect(cancelled.status).toBe(200);
    await eventually(async () => mailTo('jane@example.com').length === 3, 'the cancellation is sent');
    const cancellation = mailTo('jane@example.com')[2]!;
    expect(cancellation.body.message.body.content).toContain('The councillors say: "I am unwell."');
    expect(cancellation.body.message.attachments[0].contentType).toBe('text/calendar; method=CANCEL');
    const cancelledInvite = invitationIn(cancellation);
    expect(field(cancelledInvite, 'METHOD')).toBe('CANCEL');
    expect(field(cancelledInvite, 'STATUS')).toBe('CANCELLED');
    expect(field(cancelledInvite, 'UID')).toBe(field(booked, 'UID'));
    expect(Number(field(cancelledInvite, 'SEQUENCE'))).toBeGreaterThan(Number(field(movedInvite, 'SEQUENCE')));
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
    expect(loadConfig({ ...signedIn, AAD_APP_CLIENT_SECRET: 'x', INVITES_MAILBOX: MAILBOX }).invitesMailbox).toBe(MAILBOX);
  });
});
