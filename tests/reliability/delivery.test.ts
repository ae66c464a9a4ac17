import { createTableStorage } from '../../bot/storage/tables/table-storage';
import type { OutboxEntry } from '../../bot/storage/ports';
import { textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';
import { PATIENCE_MS } from '../support/patience';

jest.setTimeout(180_000);

const isCall = (call: { method: string; activity: Record<string, any> }) =>
  call.method === 'POST' && textOf(call.activity).includes('It is your turn next');

/** Waits until the tab shows whether the call reached the resident (in the queue, or in Finished once they are marked missed). */
async function calledOutcome(test: TestApp, surgeryId: string) {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const { active, finished } = await test.api.queue(surgeryId);
    const called = [...active, ...finished].find((r) => r.calledAt !== undefined);
    if (called?.lastMessage?.kind === 'called') return called;
    if (Date.now() > deadline) throw new Error('The tab never showed whether the call reached the resident');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Messages to residents: what is retried and what stops at once', () => {
  let test: TestApp;
  // Moved forward by tests to jump over the retry window instead of waiting for it.
  let offset: number;

  beforeEach(async () => {
    offset = 0;
    test = await startTestApp({
      clock: () => new Date(Date.now() + offset),
      env: { OUTBOX_RETRY_BASE_MS: '50', OUTBOX_POLL_MS: '50', SEND_TIMEOUT_SECONDS: '1', OUTBOX_LEASE_SECONDS: '10' },
    });
  });

  afterEach(async () => {
    await test?.stop();
  });

  async function aCalledResident(fail: (resident: Resident) => void) {
    const surgery = await test.api.openSurgery();
    const sam = new Resident(test);
    await sam.checksIn({ name: 'Sam Hill', postcode: 'SW1A 1AA', issue: 'Street lighting' });
    fail(sam);
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    return { surgery, sam };
  }

  // Several failures in a row: each try is one call, and the outbox tries again until Teams takes it.
  it.each([429, 412, 500, 502, 503, 504])(
    'When Teams answers %i several times in a row and then recovers, then the call is tried again until it reaches the resident, once',
    async (status) => {
      const { surgery, sam } = await aCalledResident((resident) => test.connector.fail(resident.conversationId, status, 5));

      const called = await calledOutcome(test, surgery.id);

      expect(called.lastMessage).toMatchObject({ kind: 'called', delivered: true });
      // Once, but for a try its time limit cut off after Teams had taken it (the bot cannot know it arrived).
      expect(sam.received.filter(isCall).filter((call) => !call.abandoned)).toHaveLength(1);
    },
  );

  it.each([
    [401, 'the bot was signed out of the chat'],
    [403, 'the resident blocked the bot'],
    [404, 'the conversation is gone'],
  ])('When Teams answers %i (%s), then the call is not tried again and the tab says the chat is closed', async (status) => {
    const { surgery, sam } = await aCalledResident((resident) => test.connector.fail(resident.conversationId, status));

    const called = await calledOutcome(test, surgery.id);
    await test.app.settled();

    expect(called.lastMessage).toMatchObject({ kind: 'called', delivered: false, reason: 'chat_closed' });
    // One try for the call, and one for closing the place card: neither is repeated.
    expect(test.connector.failed.filter((f) => f.conversationId === sam.conversationId).map((f) => f.method)).toEqual(['POST', 'PUT']);
    expect(sam.received.filter(isCall)).toHaveLength(0);
  });

  it('When Teams never answers, then each send is given up after its time limit and the call goes once Teams answers again', async () => {
    const { surgery, sam } = await aCalledResident((resident) => test.connector.hold(resident.conversationId));

    await test.connector.waitForDropped(2);
    test.connector.release();
    const called = await calledOutcome(test, surgery.id);

    expect(called.lastMessage).toMatchObject({ kind: 'called', delivered: true });
    expect(sam.received.filter(isCall)).toHaveLength(1);
  });

  it('When Teams asks for a longer wait than the send time limit, then the call is not tried again before the time Teams asked for, and then arrives once', async () => {
    // The client waits out Retry-After itself; the one-second limit stops it 29 seconds short.
    const { surgery, sam } = await aCalledResident((resident) => test.connector.fail(resident.conversationId, 429, 1, 30));
    const storage = await createTableStorage({
      connectionString: test.config.storage.connectionString,
      tablePrefix: test.config.storage.tablePrefix,
      allowInsecureConnection: true,
    });
    const deadline = Date.now() + PATIENCE_MS;
    let call: OutboxEntry | undefined;
    while (!call?.firstFailedAt || call.leaseUntil) {
      if (Date.now() > deadline) throw new Error('The failed call was never put back to wait');
      await new Promise((resolve) => setTimeout(resolve, 50));
      call = (await storage.outbox.forSurgery(surgery.id)).find((e) => e.record === 'called' && !e.contact);
    }

    expect(Date.parse(call.nextAttemptAt) - Date.parse(call.firstFailedAt)).toBeGreaterThanOrEqual(28_000);
    expect(test.connector.failed.filter((f) => f.conversationId === sam.conversationId)).toHaveLength(1);
    offset += 30_000;
    const called = await calledOutcome(test, surgery.id);
    expect(called.lastMessage).toMatchObject({ kind: 'called', delivered: true });
    expect(sam.received.filter(isCall)).toHaveLength(1);
  });

  it('When Teams keeps failing for longer than the retry window, then the tab shows the call not delivered because nothing answered', async () => {
    const { surgery, sam } = await aCalledResident((resident) => test.connector.fail(resident.conversationId, 503));
    const failures = () => test.connector.failed.filter((f) => f.conversationId === sam.conversationId).length;
    const shown = async () => {
      const { active, finished } = await test.api.queue(surgery.id);
      return [...active, ...finished].some((r) => r.lastMessage?.kind === 'called');
    };

    // A minute passes in an instant after each failed try, until the window has passed.
    for (let minutes = 0; minutes <= 12 && !(await shown()); minutes++) {
      await test.connector.waitForFailed(sam.conversationId, failures() + 1);
      offset += 60_000;
    }
    const called = await calledOutcome(test, surgery.id);

    expect(called.lastMessage).toMatchObject({ kind: 'called', delivered: false, reason: 'no_answer' });
    expect(sam.received.filter(isCall)).toHaveLength(0);
  });

  it.each<[string, 'msteams' | 'webchat', boolean]>([
    ['sent after the form', 'msteams', false],
    ['put in place of the form (Teams)', 'msteams', true],
    ['sent after the form in Web Chat, where it was kept with the check-in', 'webchat', false],
  ])(
    'When the reply to a check-in, %s, cannot be delivered in the turn, then the resident is never told something went wrong and gets their place card through the outbox',
    async (_how, channel, inPlaceOfForm) => {
      const surgery = await test.api.openSurgery();
      const sam = new Resident(test, channel);
      await sam.says('hello');
      const sent = sam.received.find((c) => c.activity.attachments?.[0]?.content?.actions?.[0]?.data?.action === 'check_in')!;
      const form = sent.activity.attachments[0].content;
      // One for the turn's one try (its client does not retry), then four for the outbox's tries.
      test.connector.fail(sam.conversationId, 500, 5);

      const value = { ...form.actions[0].data, name: 'Sam Hill', postcode: 'SW1A 1AA', issue: 'Street lighting' };
      expect(await sam.send(inPlaceOfForm ? { value, replyToId: sent.resultId } : { value })).toBe(200);
      const card = await test.connector.waitFor(
        (c) => c.conversationId === sam.conversationId && textOf(c.activity).includes('You are in the queue'),
      );
      expect(card.method).toBe('POST');
      await test.app.settled();

      expect(test.connector.failed.filter((f) => f.conversationId === sam.conversationId)).toHaveLength(5);
      expect(sam.received.filter((c) => textOf(c.activity).includes('something went wrong'))).toEqual([]);
      expect(sam.received.filter((c) => textOf(c.activity).includes('You are in the queue'))).toEqual([card]);
      expect((await test.api.queue(surgery.id)).active).toEqual([expect.objectContaining({ lobbyTag: 'Sam H · A1', status: 'waiting' })]);

      // The card that came through the outbox is the one kept up to date: in Teams it is closed in place; in Web
      // Chat, which cannot update it, the call itself is the news.
      const ann = new Resident(test);
      await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
      await test.api.admitNext(surgery.id);
      await test.connector.waitFor((c) => c.conversationId === sam.conversationId && textOf(c.activity).includes('It is your turn next'));
      await test.app.settled();
      const updates = sam.received.filter((c) => c.method === 'PUT');
      expect(updates.map((c) => c.activityId)).toEqual(channel === 'msteams' ? [card.resultId] : []);
      expect(test.connector.failed.filter((f) => f.conversationId === sam.conversationId)).toHaveLength(5);

      // The chat still knows its visit: said hello again, the bot answers with Sam's turn, not a new form.
      await test.app.settled();
      const before = sam.received.length;
      await sam.says('hello');
      const replies = sam.received.slice(before);
      expect(replies.map((c) => textOf(c.activity)).join('\n')).toContain('Sam H · A1');
      expect(replies.filter((c) => c.activity.attachments?.[0]?.content?.actions?.[0]?.data?.action === 'check_in')).toEqual([]);
    },
  );
});
