import { OutboxSender, RetryPolicy, retryDelay } from '../../bot/services/outbox-sender';
import { Pacer } from '../../bot/services/pacer';
import { mostInAnyWindow } from '../support/recording-connector';
import { Delivery, ResidentMessenger } from '../../bot/services/resident-messages';
import type { ResidentMessage } from '../../bot/domain/messages';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';
import { ResidentOutboxEntry, Storage } from '../../bot/storage/ports';
import { aCalledMessage, aResidentChat } from '../support/builders';

/** A messenger that answers from a script, and records what it was asked to send. */
class ScriptedMessenger implements ResidentMessenger {
  readonly sent: { chat: string; action: string; message: ResidentMessage }[] = [];
  private readonly script: Delivery[] = [];
  private readonly held = new Map<string, () => void>();

  /** Sends to this chat get no answer until release(), as a channel that hangs. */
  hold(chat: string): this {
    this.held.set(chat, () => undefined);
    return this;
  }

  release(): void {
    for (const answer of this.held.values()) answer();
    this.held.clear();
  }

  answers(...deliveries: Delivery[]): this {
    this.script.push(...deliveries);
    return this;
  }

  async send(reference: unknown, message: ResidentMessage): Promise<Delivery> {
    const chat = (reference as { conversation: { id: string } }).conversation.id;
    if (this.held.has(chat)) await new Promise<void>((resolve) => this.held.set(chat, resolve));
    return this.answer(reference, 'send', message);
  }

  async replace(reference: unknown, _activityId: string, message: ResidentMessage): Promise<Delivery> {
    return this.answer(reference, 'replace', message);
  }

  async notifyStage(): Promise<Delivery> {
    return { delivered: false, error: 'no meeting here' };
  }

  private answer(reference: unknown, action: string, message: ResidentMessage): Delivery {
    const delivery = this.script.shift() ?? { delivered: true, activityId: 'a-1' };
    if (delivery.delivered) this.sent.push({ chat: (reference as { conversation: { id: string } }).conversation.id, action, message });
    return delivery;
  }
}

const policy: RetryPolicy = { windowMs: 600_000, baseDelayMs: 1000, maxDelayMs: 60_000 };
const START = Date.parse('2025-03-01T10:00:00.000Z');

describe('The outbox sender', () => {
  let storage: Storage;
  let now: number;
  let recorded: [string, string, boolean][];
  let sequence = 0;

  const senderWith = (messenger: ResidentMessenger, overrides: { leaseMs?: number; pacer?: Pacer; sendTimeoutMs?: number } = {}) =>
    new OutboxSender({
      outbox: storage.outbox,
      chats: storage.chats,
      messenger,
      expand: async () => undefined,
      recordOutcome: async (done, etag) => {
        await storage.outbox.update(done, etag);
        if (done.visitId && done.record) recorded.push([done.visitId, done.record, done.status === 'sent']);
      },
      clock: () => new Date(now),
      random: () => 0.5,
      pacer: overrides.pacer ?? new Pacer(),
      retry: policy,
      sendTimeoutMs: overrides.sendTimeoutMs ?? 10_000,
      leaseMs: overrides.leaseMs ?? 30_000,
      pollMs: 1_000_000,
      onError: (error) => {
        throw error;
      },
    });

  async function queued(chatKey: string, overrides: Partial<ResidentOutboxEntry> = {}): Promise<ResidentOutboxEntry> {
    sequence += 1;
    // Written a moment ago, in order.
    const createdAt = new Date(now - 60_000 + sequence).toISOString();
    const entry: ResidentOutboxEntry = {
      id: `msg-${sequence}`,
      chatKey,
      surgeryId: 'surgery-1',
      visitId: `visit-${chatKey}`,
      action: 'send',
      message: aCalledMessage(),
      record: 'called',
      status: 'pending',
      attempts: 0,
      createdAt,
      nextAttemptAt: createdAt,
      ...overrides,
    };
    await storage.outbox.markWork(entry.surgeryId, createdAt);
    await storage.outbox.put(entry);
    return entry;
  }

  const statusOf = async (id: string) => (await storage.outbox.get('surgery-1', id))!.entry;

  /** One round of a sender, waiting for the conversations it started; returns how many it started. */
  async function round(sender: OutboxSender): Promise<number> {
    const started = await sender.sendDue();
    await sender.lanesDone();
    return started;
  }

  beforeEach(async () => {
    storage = createMemoryStorage();
    now = START;
    recorded = [];
    for (const chatKey of ['jane', 'omar'])
      await storage.chats.put(aResidentChat({ chatKey, reference: { conversation: { id: chatKey } } }));
  });

  it('When the channel accepts a message, then it is sent once and the visit records it as delivered', async () => {
    const messenger = new ScriptedMessenger();
    const entry = await queued('jane');

    await round(senderWith(messenger));
    await round(senderWith(messenger));

    expect(messenger.sent).toHaveLength(1);
    expect(await statusOf(entry.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(recorded).toEqual([['visit-jane', 'called', true]]);
  });

  it('When the channel throttles, then the message waits at least as long as asked and is then sent once', async () => {
    const messenger = new ScriptedMessenger().answers({ delivered: false, retryable: true, retryAfterMs: 7000, error: '429' });
    const sender = senderWith(messenger);
    const entry = await queued('jane');

    await round(sender);
    const waiting = await statusOf(entry.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: '429' });
    expect(Date.parse(waiting.nextAttemptAt) - now).toBe(7000);

    now += 6999;
    expect(await round(sender)).toBe(0);
    now += 1;
    await round(sender);

    expect(messenger.sent).toHaveLength(1);
    expect(await statusOf(entry.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(recorded).toEqual([['visit-jane', 'called', true]]);
  });

  it('When the chat is closed or blocked, then the message is marked not delivered at once, saying so', async () => {
    const messenger = new ScriptedMessenger().answers({ delivered: false, chatClosed: true, error: '403 Forbidden' });
    const entry = await queued('jane');

    await round(senderWith(messenger));

    expect(await statusOf(entry.id)).toMatchObject({
      status: 'undelivered',
      attempts: 1,
      lastError: '403 Forbidden',
      reason: 'chat_closed',
    });
    expect(recorded).toEqual([['visit-jane', 'called', false]]);
  });

  it('When a message is refused, then it is marked not delivered at once as refused', async () => {
    const messenger = new ScriptedMessenger().answers({ delivered: false, error: '400 Bad Request' });
    const entry = await queued('jane');

    await round(senderWith(messenger));

    expect(await statusOf(entry.id)).toMatchObject({ status: 'undelivered', attempts: 1, reason: 'refused' });
  });

  it('When every try fails for the whole retry window, then it is tried with growing waits and then marked not delivered', async () => {
    const failing = { delivered: false, retryable: true, error: '503' };
    const messenger = new ScriptedMessenger().answers(...Array.from({ length: 40 }, () => failing));
    const sender = senderWith(messenger);
    const entry = await queued('jane');
    const triedAt: number[] = [];

    // Each round runs when the entry is next due: time jumps instead of passing.
    for (let round_ = 0; round_ < 40; round_++) {
      const { status, nextAttemptAt } = await statusOf(entry.id);
      if (status !== 'pending') break;
      now = Math.max(now, Date.parse(nextAttemptAt));
      triedAt.push(now);
      await round(sender);
    }

    const done = await statusOf(entry.id);
    expect(done).toMatchObject({ status: 'undelivered', reason: 'no_answer', lastError: '503' });
    const waits = triedAt.slice(1).map((at, i) => at - triedAt[i]!);
    expect(waits.slice(0, 4)).toEqual([750, 1500, 3000, 6000]);
    expect(Math.max(...waits)).toBe(policy.maxDelayMs * 0.75);
    // Tried until the window since the first failure ran out, and not after it.
    expect(triedAt[triedAt.length - 1]! - triedAt[0]!).toBeLessThanOrEqual(policy.windowMs);
    expect(triedAt[triedAt.length - 1]! - triedAt[0]! + policy.maxDelayMs).toBeGreaterThan(policy.windowMs);
    expect(recorded).toEqual([['visit-jane', 'called', false]]);
  });

  it('When the channel never answers, then the send is given up after the time limit, the lane is free and the message is tried again', async () => {
    const messenger = new ScriptedMessenger().hold('jane');
    const entry = await queued('jane');
    const other = await queued('omar');

    await round(senderWith(messenger, { sendTimeoutMs: 50 }));

    expect(await statusOf(other.id)).toMatchObject({ status: 'sent' });
    const waiting = await statusOf(entry.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no answer within 50 ms' });
    expect(waiting.leaseUntil).toBeUndefined();
    messenger.release();
  });

  it.each([
    [1, 0.5, 0, 750],
    [2, 0.5, 0, 1500],
    [3, 0, 0, 2000],
    [3, 1, 0, 4000],
    [10, 1, 0, 60_000],
    [1, 0.5, 9000, 9000],
  ])('When attempt %i fails (jitter %d, Retry-After %i ms), then the next try waits %i ms', (attempt, random, retryAfter, expected) => {
    expect(retryDelay(policy, attempt, random, retryAfter)).toBe(expected);
  });

  it('When two instances send at the same moment, then each message goes out exactly once', async () => {
    const messenger = new ScriptedMessenger();
    for (let i = 0; i < 10; i++) await queued(i % 2 === 0 ? 'jane' : 'omar');

    await Promise.all([round(senderWith(messenger)), round(senderWith(messenger)), round(senderWith(messenger))]);
    await round(senderWith(messenger));

    expect(messenger.sent).toHaveLength(10);
    expect(await storage.outbox.hasPending('surgery-1')).toBe(false);
  });

  it('When an instance dies while sending, then another sends the message once its lease runs out', async () => {
    const entry = await queued('jane');
    const { etag } = (await storage.outbox.get('surgery-1', entry.id))!;
    await storage.outbox.update({ ...entry, attempts: 1, leaseUntil: new Date(now + 30_000).toISOString() }, etag);
    const messenger = new ScriptedMessenger();
    const survivor = senderWith(messenger);

    expect(await round(survivor)).toBe(0);
    now += 30_001;
    await round(survivor);

    expect(messenger.sent).toHaveLength(1);
    expect(await statusOf(entry.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('When an earlier message to a resident waits for a retry, then later ones to them wait too, and others are not held up', async () => {
    const messenger = new ScriptedMessenger().answers({ delivered: false, retryable: true, error: '502' });
    const first = await queued('jane');
    const second = await queued('jane', {
      message: { kind: 'not_reached', ward: 'Abbey', lobbyTag: 'Jane S · A1', nextUrl: 'https://example.test/abbey' },
      record: 'not_reached',
    });
    const omars = await queued('omar');
    const sender = senderWith(messenger);

    await round(sender);
    expect(await statusOf(first.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await statusOf(second.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await statusOf(omars.id)).toMatchObject({ status: 'sent' });

    now += 60_000;
    await round(sender);
    expect(messenger.sent.filter((s) => s.chat === 'jane').map((s) => s.message.kind)).toEqual(['called', 'not_reached']);
  });

  it('When a place card changes again before it is sent, then only the newest version is sent', async () => {
    const messenger = new ScriptedMessenger();
    const place = (position: number): ResidentMessage => ({
      kind: 'place',
      surgeryId: 'surgery-1',
      place: {
        visitId: 'visit-jane',
        lobbyTag: 'Jane S · A1',
        ward: 'Abbey',
        position,
        estimate: {
          admitAt: '2025-03-01T10:30:00.000Z',
          earliest: '2025-03-01T10:20:00.000Z',
          latest: '2025-03-01T10:40:00.000Z',
          reach: 'in_time',
        },
        surgeryEndsAt: '2025-03-01T12:00:00.000Z',
      },
    });
    await queued('jane', { id: 'place-jane', action: 'replace', activityId: '1:abc', message: place(3), record: 'place' });
    await queued('jane', { id: 'place-jane', action: 'replace', activityId: '1:abc', message: place(2), record: 'place' });

    await round(senderWith(messenger));

    expect(messenger.sent).toEqual([{ chat: 'jane', action: 'replace', message: place(2) }]);
  });

  it('When 1,000 messages wait to be tried again, then a new message to someone else is the one picked and is sent in the first round', async () => {
    const messenger = new ScriptedMessenger();
    const later = new Date(now + 600_000).toISOString();
    for (let i = 0; i < 1000; i++) await queued(`waiting-${i}`, { nextAttemptAt: later, attempts: 2 });
    const fresh = await queued('omar');
    const sender = senderWith(messenger);

    expect(await round(sender)).toBe(1);

    expect(messenger.sent.map((s) => s.chat)).toEqual(['omar']);
    expect(await statusOf(fresh.id)).toMatchObject({ status: 'sent' });
  });

  it("When one chat's channel hangs, then messages to other residents are sent meanwhile", async () => {
    const messenger = new ScriptedMessenger().hold('jane');
    await queued('jane');
    const omars = await queued('omar');
    const sender = senderWith(messenger);

    expect(await sender.sendDue()).toBe(2);
    while ((await statusOf(omars.id)).status !== 'sent') await new Promise((resolve) => setTimeout(resolve, 5));

    expect(messenger.sent.map((s) => s.chat)).toEqual(['omar']);
    messenger.release();
    await sender.lanesDone();
    expect(messenger.sent.map((s) => s.chat)).toEqual(['omar', 'jane']);
  });

  it('When the resident has no conversation on record, then the message is marked not delivered', async () => {
    const entry = await queued('nobody');
    await round(senderWith(new ScriptedMessenger()));
    expect(await statusOf(entry.id)).toMatchObject({ status: 'undelivered', lastError: 'no conversation to reach' });
  });
});

describe('Pacing within Teams limits', () => {
  /** Starts a send at `at` that ends `tookMs` later, as the sender does once waitBefore says 0. */
  const sendAt = (pacer: Pacer, conversation: string, at: number, tookMs = 5) => {
    expect(pacer.waitBefore(conversation, at)).toBe(0);
    pacer.start(conversation)(at + tookMs);
  };

  it('When 7 messages went to a conversation this second, then the 8th waits until a second after the first one ended', () => {
    const pacer = new Pacer();
    for (let i = 0; i < 7; i++) sendAt(pacer, 'jane', 1000 + i * 10);
    expect(pacer.waitBefore('jane', 1070)).toBe(1005 + 1000 - 1070);
    expect(pacer.waitBefore('omar', 1070)).toBe(0);
  });

  it('When 7 messages to a conversation are still in flight, then the 8th waits for one of them to end', () => {
    const pacer = new Pacer();
    const ends = Array.from({ length: 7 }, () => pacer.start('jane'));
    expect(pacer.waitBefore('jane', 0)).toBeUndefined();
    ends[0]!(400);
    expect(pacer.waitBefore('jane', 500)).toBe(900);
  });

  it('When 60 messages went to a conversation in 30 seconds, then the 61st waits even if the last second was quiet', () => {
    const pacer = new Pacer();
    for (let i = 0; i < 60; i++) sendAt(pacer, 'jane', i * 400);
    const now = 60 * 400 + 1000;
    expect(pacer.waitBefore('jane', now)).toBe(30_000 + 5 - now);
  });

  it('When 50 messages went out this second across conversations, then every conversation waits', () => {
    const pacer = new Pacer();
    for (let i = 0; i < 50; i++) sendAt(pacer, `resident-${i}`, 5000);
    expect(pacer.waitBefore('someone-new', 5500)).toBe(505);
  });

  it('When sends take their time and reach the channel at any moment while in flight, then no second and no 30 seconds holds more than the limits allow', () => {
    const pacer = new Pacer();
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const arrivals: { conversation: string; at: number }[] = [];
    const inFlight: { conversation: string; endsAt: number; arrivesAt: number; end: (at: number) => void }[] = [];
    const waiting = [...Array.from({ length: 70 }, () => 'jane'), ...Array.from({ length: 200 }, (_, i) => `resident-${i % 40}`)];
    // Ten lanes side by side, 5 ms at a time; each send takes up to 300 ms.
    for (let now = 0; waiting.length > 0 || inFlight.length > 0; now += 5) {
      for (const send of inFlight.filter((s) => s.endsAt <= now)) {
        arrivals.push({ conversation: send.conversation, at: send.arrivesAt });
        send.end(now);
        inFlight.splice(inFlight.indexOf(send), 1);
      }
      for (const conversation of new Set(waiting)) {
        if (inFlight.length >= 10) break;
        if (inFlight.some((s) => s.conversation === conversation) || pacer.waitBefore(conversation, now) !== 0) continue;
        waiting.splice(waiting.indexOf(conversation), 1);
        const took = 1 + Math.floor(random() * 300);
        inFlight.push({ conversation, endsAt: now + took, arrivesAt: now + Math.floor(random() * took), end: pacer.start(conversation) });
      }
    }
    const jane = arrivals.filter((a) => a.conversation === 'jane').map((a) => a.at);

    expect(arrivals).toHaveLength(270);
    expect(mostInAnyWindow(jane, 1000)).toBeLessThanOrEqual(7);
    expect(mostInAnyWindow(jane, 30_000)).toBeLessThanOrEqual(60);
    expect(
      mostInAnyWindow(
        arrivals.map((a) => a.at),
        1000,
      ),
    ).toBeLessThanOrEqual(50);
  });
});
