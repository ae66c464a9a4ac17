import { cardPlace } from '../../bot/domain/place-words';
import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { ConnectorCall, textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';

type Channel = 'msteams' | 'webchat';
import { PATIENCE_MS } from '../support/patience';

jest.setTimeout(300_000);

// The outbox sends to this many conversations side by side (OutboxSender's CONVERSATIONS_AT_ONCE).
const CONVERSATIONS_AT_ONCE = 16;

describe('What "Admit next" costs in storage', () => {
  let test: TestApp;
  const counter = new RequestCounter();

  beforeEach(async () => {
    // Neither the ticker nor the outbox's own poll runs during an admit: every request counted is the admit's.
    // The clock stands still, so however long the check-ins take, no estimate moves: the cards an admit changes
    // are those whose words for the place changed, on a slow machine as on a fast one.
    const now = new Date();
    test = await startTestApp({ counter, clock: () => now, env: { SURGERY_TICK_SECONDS: '600', OUTBOX_POLL_MS: '60000' } });
  });

  afterEach(async () => {
    test?.connector.release();
    await test?.stop();
  });

  /** Residents checked in through the bot, in order, each holding the place card their check-in sent. */
  async function waiting(surgeryId: string, count: number, channel: Channel): Promise<{ resident: Resident; card: ConnectorCall }[]> {
    const residents: { resident: Resident; card: ConnectorCall }[] = [];
    for (let i = 1; i <= count; i++) {
      const resident = new Resident(test, channel);
      await resident.submits({ action: 'check_in', surgeryId, name: `Resident Number${i}`, postcode: 'SW1A 1AA', issue: 'Parking' });
      const card = resident.lastReceived()!;
      expect(textOf(card.activity)).toContain('Your place');
      residents.push({ resident, card });
    }
    await test.app.settled();
    return residents;
  }

  /** Storage requests so far, apart from the outbox's look for surgeries with work. */
  function requests(): number {
    return counter.requests - (counter.byTable.get('outboxwork')?.requests ?? 0);
  }

  async function heldCalls(count: number): Promise<void> {
    const deadline = Date.now() + PATIENCE_MS;
    while (test.connector.heldCalls < count) {
      if (Date.now() > deadline) throw new Error(`Only ${test.connector.heldCalls} of ${count} calls reached the connector`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.each<[number, Channel]>([
    [10, 'msteams'],
    [200, 'msteams'],
    [10, 'webchat'],
  ])(
    'When %i residents wait in %s and a councillor admits the next, then the admit puts every changed card in the outbox for at most 3 storage requests plus one per card, and each resident whose card now reads differently gets exactly their new card and no one else gets one',
    async (count, channel) => {
      const surgery = await test.api.openSurgery();
      const residents = await waiting(surgery.id, count, channel);
      const before = test.connector.calls.length;
      for (const { resident } of residents) test.connector.hold(resident.conversationId);
      counter.reset();

      expect((await test.api.admitNext(surgery.id)).status).toBe(200);
      // The outbox starts sending only once the admit's cards are all in it. Each conversation it starts on
      // has cost three requests by the time its first message is held: finding it, taking it, reading the chat.
      const started = Math.min(count, CONVERSATIONS_AT_ONCE);
      await heldCalls(started);
      const fanOut = requests() - 3 * started;
      test.connector.release();
      await test.app.settled();

      const after = test.connector.calls.slice(before);
      const [first, ...others] = residents;
      let changed = 0;
      for (const [index, { resident, card }] of others.entries()) {
        const updates = after.filter((c) => c.conversationId === resident.conversationId);
        const [was, now] = [cardPlace(index + 2), cardPlace(index + 1)];
        // Far back the card says how many at least are ahead, in tens: moving up a place changes it only past a ten.
        if (was === now) {
          expect(updates).toEqual([]);
          continue;
        }
        changed += 1;
        // Updated in place in Teams; a new card in Web Chat, which cannot update one.
        expect(updates.map((c) => c.method)).toEqual([channel === 'msteams' ? 'PUT' : 'POST']);
        if (channel === 'msteams') expect(updates[0]!.activityId).toBe(card.resultId);
        expect(textOf(updates[0]!.activity)).toContain(now);
      }
      // With 10 waiting every card changes; with 200, the first ten and one in ten behind them.
      expect(changed).toBe(count === 10 ? 9 : 28);
      // The admitted resident is told they are called, and in Teams their card is closed.
      expect(after.filter((c) => c.conversationId === first!.resident.conversationId).map((c) => c.method)).toEqual(
        channel === 'msteams' ? ['POST', 'PUT'] : ['POST'],
      );
      expect(test.connector.failed).toEqual([]);

      expect(fanOut).toBeLessThanOrEqual(3 + changed);
    },
  );

  it('When 100 residents wait and a councillor admits the next, then the residents nearest the front are told first', async () => {
    const surgery = await test.api.openSurgery();
    const residents = await waiting(surgery.id, 100, 'msteams');
    const before = test.connector.arrivals.length;
    for (const { resident } of residents) test.connector.hold(resident.conversationId);

    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    // With every chat stalled, the chats the outbox starts on are all that reach the connector: they must be the
    // called resident's and those of the residents nearest the front whose card changed, not any further back.
    // Nineteen cards change: the called resident's, the first ten's, and eight further back that passed a ten.
    await heldCalls(CONVERSATIONS_AT_ONCE);
    const reached = new Set(test.connector.arrivals.slice(before).map((arrival) => arrival.conversationId));
    const [first, ...others] = residents;
    const changed = [first!, ...others.filter((_, index) => cardPlace(index + 2) !== cardPlace(index + 1))];
    const front = changed.slice(0, CONVERSATIONS_AT_ONCE).map(({ resident }) => resident.conversationId);
    expect(changed.length).toBeGreaterThan(CONVERSATIONS_AT_ONCE);
    expect([...reached].sort()).toEqual([...front].sort());

    test.connector.release();
    await test.app.settled();
    expect(test.connector.failed).toEqual([]);
  });
});
