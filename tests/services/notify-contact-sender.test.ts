import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { contactEntry } from '../../bot/services/contact-outbox-post';
import type { ContactMessage } from '../../bot/domain/messages';
import { NotifyContactSender } from '../../bot/services/notify-contact-sender';
import { OutboxSender } from '../../bot/services/outbox-sender';
import { Pacer } from '../../bot/services/pacer';
import type { ResidentMessenger } from '../../bot/services/resident-messages';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';
import type { Storage } from '../../bot/storage/ports';
import { EMAIL_TEMPLATE_ID, FakeNotify, SMS_TEMPLATE_ID } from '../support/fake-notify';

const START = Date.parse('2025-03-01T10:00:00.000Z');

const anEmail = (overrides: Partial<ContactMessage> = {}): ContactMessage => ({
  id: 'booking-confirmation-b1',
  to: { kind: 'email', value: 'jane@example.com' },
  surgeryId: 'surgery-1',
  subject: 'Your booking at the Castle ward surgery',
  body: 'You have booked a slot at 10:20.\n\nAdd it to your calendar: https://example.gov.uk/bookings/b1.ics',
  calendar: { filename: 'surgery.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
  ...overrides,
});

const aText = (overrides: Partial<ContactMessage> = {}): ContactMessage => ({
  id: 'called-v1',
  to: { kind: 'mobile', value: '+447700900123' },
  surgeryId: 'surgery-1',
  visitId: 'visit-1',
  record: 'called',
  subject: 'It is your turn at the Castle ward surgery',
  body: 'Surgery Queue: it is your turn at Castle ward surgery. Join now: https://teams.microsoft.com/l/x. Your lobby tag is Jane S · A1.',
  ...overrides,
});

// Contact entries never reach a chat: any use of the messenger is a mistake.
const noChats: ResidentMessenger = {
  send: () => Promise.reject(new Error('a contact message went to a chat')),
  replace: () => Promise.reject(new Error('a contact message went to a chat')),
  notifyStage: () => Promise.reject(new Error('a contact message went to a meeting')),
};

describe('Emails and texts through GOV.UK Notify', () => {
  let notify: FakeNotify;

  beforeEach(async () => {
    notify = await new FakeNotify().start();
  });

  afterEach(async () => {
    await notify.stop();
  });

  const senderFor = (overrides: { apiKey?: string; baseUrl?: string } = {}) =>
    new NotifyContactSender({
      baseUrl: overrides.baseUrl ?? notify.url,
      apiKey: overrides.apiKey ?? notify.apiKey,
      emailTemplateId: EMAIL_TEMPLATE_ID,
      smsTemplateId: SMS_TEMPLATE_ID,
      timeoutMs: 2000,
    });

  describe('one message at a time', () => {
    it('When an email is sent, then it goes with the email template, the subject and body as personalisation and the message id as reference', async () => {
      const delivery = await senderFor().send(anEmail());

      expect(delivery).toMatchObject({ delivered: true, activityId: notify.sent[0]!.id });
      expect(notify.requests[0]!.body).toEqual({
        template_id: EMAIL_TEMPLATE_ID,
        email_address: 'jane@example.com',
        personalisation: { subject: 'Your booking at the Castle ward surgery', body: anEmail().body },
        reference: 'booking-confirmation-b1',
      });
      expect(notify.sent[0]).toMatchObject({ kind: 'email', subject: 'Your booking at the Castle ward surgery', content: anEmail().body });
    });

    it('When a text is sent, then it goes with the text template and the body alone as personalisation', async () => {
      const delivery = await senderFor().send(aText());

      expect(delivery.delivered).toBe(true);
      expect(notify.requests[0]!.body).toEqual({
        template_id: SMS_TEMPLATE_ID,
        phone_number: '+447700900123',
        personalisation: { body: aText().body },
        reference: 'called-v1',
      });
      expect(notify.sent[0]!.content).toContain('Your lobby tag is Jane S · A1.');
    });

    it('When the API key is not one Notify issued, then the signed token is refused and the message is not retried', async () => {
      const stranger = new FakeNotify();
      const delivery = await senderFor({ apiKey: stranger.apiKey }).send(aText());

      expect(delivery).toMatchObject({ delivered: false, retryable: false });
      expect(delivery.error).toMatch(/^Notify 403 AuthError: Invalid token/);
      expect(notify.sent).toEqual([]);
    });

    it('When Notify does not answer within the time limit, then the request is aborted, connection and all, and the message is worth trying again', async () => {
      notify.hang();

      const delivery = await senderFor().send(aText());
      await notify.waitForAbandoned();

      expect(delivery).toMatchObject({ delivered: false, retryable: true, error: 'Notify did not answer within 2000 ms' });
      expect(notify.sent).toEqual([]);
    });

    it('When Notify cannot be reached, then the message is worth trying again', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));

      const delivery = await senderFor({ baseUrl: `http://127.0.0.1:${port}` }).send(aText());

      expect(delivery).toMatchObject({ delivered: false, retryable: true, error: 'Notify did not answer: ECONNREFUSED' });
    });
  });

  describe('through the outbox', () => {
    let storage: Storage;
    let now: number;
    let recorded: [string, string, boolean, string][];

    const outboxSender = () =>
      new OutboxSender({
        outbox: storage.outbox,
        chats: storage.chats,
        messenger: noChats,
        contacts: senderFor(),
        expand: async () => undefined,
        recordOutcome: async (done, etag) => {
          await storage.outbox.update(done, etag);
          if (done.visitId && done.record) recorded.push([done.visitId, done.record, done.status === 'sent', done.id]);
        },
        clock: () => new Date(now),
        random: () => 0.5,
        pacer: new Pacer(),
        retry: { windowMs: 600_000, baseDelayMs: 1000, maxDelayMs: 60_000 },
        sendTimeoutMs: 4000,
        leaseMs: 30_000,
        pollMs: 1_000_000,
        onError: (error) => {
          throw error;
        },
      });
    let sequence = 0;
    const post = async (message: ContactMessage) => {
      sequence += 1;
      await storage.outbox.markWork(message.surgeryId, new Date(now).toISOString());
      await storage.outbox.addAll(message.surgeryId, [contactEntry(message, new Date(now - 60_000 + sequence).toISOString())]);
    };
    const entryOf = async (id: string) => (await storage.outbox.get('surgery-1', id))!.entry;
    /** One round of the sender, waiting for the conversations it started. */
    const sendDue = async (sender: OutboxSender): Promise<number> => {
      const started = await sender.sendDue();
      await sender.lanesDone();
      return started;
    };

    beforeEach(() => {
      storage = createMemoryStorage();
      now = START;
      recorded = [];
    });

    it('When Notify accepts a text, then it is sent once and the visit records it as delivered', async () => {
      const sender = outboxSender();
      await post(aText());

      await sendDue(sender);
      await sendDue(sender);

      expect(notify.sent).toHaveLength(1);
      expect(await entryOf('called-v1')).toMatchObject({
        status: 'sent',
        attempts: 1,
        chatKey: 'contact:mobile:+447700900123',
        contact: aText().to,
      });
      expect(recorded).toEqual([['visit-1', 'called', true, 'called-v1']]);
    });

    it('When Notify throttles with Retry-After, then the message waits at least that long and is then sent once', async () => {
      notify.failNext(429, 1, 7);
      const sender = outboxSender();
      await post(aText());

      await sendDue(sender);
      const waiting = await entryOf('called-v1');
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      expect(waiting.lastError).toMatch(/^Notify 429 RateLimitError: Exceeded rate limit/);
      expect(Date.parse(waiting.nextAttemptAt) - now).toBe(7000);

      now += 6999;
      expect(await sendDue(sender)).toBe(0);
      now += 1;
      await sendDue(sender);

      expect(notify.requests.map((r) => r.status)).toEqual([429, 201]);
      expect(notify.sent).toHaveLength(1);
      expect(await entryOf('called-v1')).toMatchObject({ status: 'sent', attempts: 2 });
      expect(recorded).toEqual([['visit-1', 'called', true, 'called-v1']]);
    });

    it('When Notify has a passing fault (500), then the message is tried again after the backoff and sent once', async () => {
      notify.failNext(500);
      const sender = outboxSender();
      await post(anEmail({ visitId: 'visit-2', record: 'summary' }));

      await sendDue(sender);
      expect(await entryOf('booking-confirmation-b1')).toMatchObject({
        status: 'pending',
        lastError: 'Notify 500 Exception: Internal server error',
      });
      now += 1000;
      await sendDue(sender);

      expect(notify.requests.map((r) => r.status)).toEqual([500, 201]);
      expect(notify.sent).toHaveLength(1);
      expect(recorded).toEqual([['visit-2', 'summary', true, 'booking-confirmation-b1']]);
    });

    it('When Notify refuses the message (400), then it is not tried again, and the visit records it as not delivered with the reason', async () => {
      notify.failNext(400);
      const sender = outboxSender();
      await post(aText());

      await sendDue(sender);
      now += 60_000;
      await sendDue(sender);

      expect(notify.requests).toHaveLength(1);
      expect(await entryOf('called-v1')).toMatchObject({
        status: 'undelivered',
        attempts: 1,
        lastError: "Notify 400 BadRequestError: Can't send to this recipient using a team-only API key",
        reason: 'refused',
      });
      expect(recorded).toEqual([['visit-1', 'called', false, 'called-v1']]);
    });

    it('When the same message is posted again, before or after it was sent, then the resident gets it once', async () => {
      const sender = outboxSender();
      await post(aText());
      await post(aText({ body: 'A second version' }));
      await sendDue(sender);
      await post(aText());
      await sendDue(sender);

      expect(notify.sent.map((s) => s.content)).toEqual([aText().body]);
      expect(await entryOf('called-v1')).toMatchObject({ status: 'sent' });
    });
  });
});
