import { OutboxSender } from '../../bot/services/outbox-sender';
import { Pacer } from '../../bot/services/pacer';
import type { Delivery, ResidentMessenger } from '../../bot/services/resident-messages';
import type { ResidentMessage } from '../../bot/domain/messages';
import type { ResidentOutboxEntry, Storage } from '../../bot/storage/ports';
import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { aResidentChat } from '../support/builders';
import { FakeNotify } from '../support/fake-notify';
import { textOf } from '../support/recording-connector';
import { eventually } from '../support/patience';
import { Resident, TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(300_000);

const NOW = Date.parse('2026-03-02T18:00:00.000Z');

/** Answers every send at once, and records which chat each went to. */
class RecordingMessenger implements ResidentMessenger {
  readonly sentTo: string[] = [];

  async send(reference: unknown, _message: ResidentMessage): Promise<Delivery> {
    this.sentTo.push((reference as { conversation: { id: string } }).conversation.id);
    return { delivered: true, activityId: `a-${this.sentTo.length}` };
  }

  async replace(reference: unknown, activityId: string, message: ResidentMessage): Promise<Delivery> {
    await this.send(reference, message);
    return { delivered: true, activityId };
  }

  async notifyStage(reference: unknown): Promise<Delivery> {
    return this.send(reference, { kind: 'help' });
  }
}

const entry = (id: string, chatKey: string, createdAt: string, overrides: Partial<ResidentOutboxEntry> = {}): ResidentOutboxEntry => ({
  id,
  chatKey,
  surgeryId: 'surgery-1',
  action: 'send',
  message: { kind: 'called', lobbyTag: 'Jane S · A1', joinUrl: 'https://teams.microsoft.com/l/x', ward: 'Abbey', admitWithinMinutes: 5 },
  status: 'pending',
  attempts: 0,
  createdAt,
  nextAttemptAt: createdAt,
  ...overrides,
});

describe('No message waits behind others (real storage)', () => {
  let azurite: RunningAzurite;
  let storage: Storage;
  const counter = new RequestCounter();

  beforeAll(async () => {
    azurite = await startAzurite();
    storage = await createTableStorage({
      connectionString: azurite.connectionString,
      tablePrefix: uniqueTablePrefix(),
      allowInsecureConnection: true,
      counter,
    });
  });

  afterAll(async () => {
    await azurite?.stop();
  });

  it('When 1,000 messages in one surgery wait to be tried again, then a new message is sent in the first pass, before any of them, reading only what is due', async () => {
    const earlier = new Date(NOW - 60_000).toISOString();
    const later = new Date(NOW + 600_000).toISOString();
    // Older than the new message, so a queue taking the oldest first would reach them first.
    const waiting = Array.from({ length: 1000 }, (_, i) =>
      entry(`waiting-${String(i).padStart(4, '0')}`, `waiting-${i}`, earlier, {
        attempts: 3,
        nextAttemptAt: later,
        firstFailedAt: earlier,
      }),
    );
    await storage.outbox.markWork('surgery-1', earlier);
    await storage.outbox.addAll('surgery-1', waiting);
    await storage.chats.put(aResidentChat({ chatKey: 'omar', reference: { conversation: { id: 'omar' } } }));
    await storage.outbox.put(entry('fresh', 'omar', new Date(NOW).toISOString()));
    const messenger = new RecordingMessenger();
    const sender = new OutboxSender({
      outbox: storage.outbox,
      chats: storage.chats,
      messenger,
      expand: async () => undefined,
      recordOutcome: async (done, etag) => {
        await storage.outbox.update(done, etag);
      },
      clock: () => new Date(NOW),
      random: () => 0.5,
      pacer: new Pacer(),
      retry: { windowMs: 600_000, baseDelayMs: 1000, maxDelayMs: 60_000 },
      sendTimeoutMs: 10_000,
      leaseMs: 30_000,
      pollMs: 1_000_000,
      onError: (error) => {
        throw error;
      },
    });
    counter.reset();

    expect(await sender.sendDue()).toBe(1);
    await sender.lanesDone();

    expect(messenger.sentTo).toEqual(['omar']);
    expect((await storage.outbox.get('surgery-1', 'fresh'))!.entry.status).toBe('sent');
    // The pass asked storage for what is due: the 1,000 rows in back-off were never read.
    expect(counter.byTable.get('surgeries')!.rowsRead).toBeLessThan(10);
    const stillWaiting = (await storage.outbox.forSurgery('surgery-1')).filter((e) => e.id.startsWith('waiting-'));
    expect(stillWaiting.filter((e) => e.attempts !== 3 || e.status !== 'pending')).toEqual([]);
  });
});

describe('One slow chat or a hanging Notify delays nobody else (real HTTP and storage)', () => {
  let test: TestApp;
  let notify: FakeNotify;

  beforeEach(async () => {
    notify = await new FakeNotify().start();
    // A send may hang for two minutes: far longer than a test waits for the other resident's message.
    test = await startTestApp({ notify, env: { SEND_TIMEOUT_SECONDS: '120', OUTBOX_LEASE_SECONDS: '600' } });
  });

  afterEach(async () => {
    // Notify first: the app waits for its sends in hand before it stops.
    await notify?.stop();
    await test?.stop();
  });

  it("When Teams never answers one resident's chat, and Notify never answers a text, then another resident's message arrives meanwhile", async () => {
    const surgery = await test.api.openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] });
    // Omar rang the council and gave his mobile: his call goes by text.
    const omar = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Omar Khan',
      postcode: 'SW1A 1AA',
      issue: 'Parking outside the school',
      phone: '07700 900456',
    });
    expect(omar.status).toBe(201);
    const sam = new Resident(test);
    await sam.checksIn({ name: 'Sam Hill', postcode: 'SW1A 1AA', issue: 'Street lighting' });
    const ann = new Resident(test);
    await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    await test.app.settled();
    notify.hang();
    test.connector.hold(sam.conversationId);

    // Omar and Sam are called: the text and Sam's call hang.
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    await test.connector.waitForHeld();
    await eventually(() => notify.held > 0, "Omar's text reached Notify");
    const annRow = (await test.api.queue(surgery.id)).active.find((r) => r.name === 'Ann Lee')!;
    expect(
      (await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${annRow.visitId}/messages`, { text: 'Not long now' })).status,
    ).toBe(200);

    await test.connector.waitFor((c) => c.conversationId === ann.conversationId && textOf(c.activity).includes('Not long now'));
    expect(notify.sent).toEqual([]);
    expect(sam.received.filter((c) => textOf(c.activity).includes('It is your turn next'))).toEqual([]);
    test.connector.release();
  });
});
