import { Resident, TestApp, startTestApp } from '../support/test-app';
import { ConnectorCall, cardOf, textOf } from '../support/recording-connector';

// Long enough that a newer card the outbox sent at once would be seen before the held one is let go.
const NEWER_CARD_WAIT_MS = 2000;

/**
 * A check-in's place card is saved as shown before its turn sends it. When the channel is slow to take that card
 * and the queue moves meanwhile, the newer card must not arrive first and leave the older one as the last word.
 */
describe.each([
  ['Teams', 'msteams'],
  ['Web Chat', 'webchat'],
] as const)('A check-in whose own place card is slow to reach the chat, in %s', (_, channel) => {
  let test: TestApp;

  afterEach(async () => {
    test?.connector.release();
    await test?.stop();
  });

  // Place cards offer "leave"; the form and other messages do not.
  const placeCards = (resident: Resident): ConnectorCall[] =>
    test.connector.calls.filter(
      (c) =>
        c.conversationId === resident.conversationId &&
        (cardOf(c.activity)?.actions ?? []).some((a: { data?: { action?: string } }) => a.data?.action === 'leave'),
    );

  /** Ann waits; Jane sends her check-in form, and the channel holds the place card her turn sends. */
  async function janeChecksInHeld(env: Record<string, string> = {}) {
    test = await startTestApp({ env });
    const surgery = await test.api.openSurgery();
    const ann = new Resident(test, channel);
    await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Bins' });
    const jane = new Resident(test, channel);
    await jane.says('hello');
    const form = jane.lastReceived()!;
    const value = { ...cardOf(form.activity)!.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' };
    test.connector.holdNext(jane.conversationId);
    const checkingIn = jane.send(channel === 'msteams' ? { value, replyToId: form.resultId } : { value });
    await test.connector.waitForHeld();
    return { surgery, ann, jane, form, checkingIn };
  }

  it('When someone ahead is called while the card is on its way, then the card saying "you are next" arrives after it and is the last word', async () => {
    const { surgery, ann, jane, form, checkingIn } = await janeChecksInHeld();
    expect((await test.api.queue(surgery.id)).active.map((row) => row.name)).toEqual(['Ann Lee', 'Jane Smith']);
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    await test.connector.waitFor((c) => c.conversationId === ann.conversationId && textOf(c.activity).includes('It is your turn next'));
    // Had the outbox not waited for the held card, Jane's newer card would arrive now.
    await test.connector.waitFor((c) => c.conversationId === jane.conversationId && c !== form, NEWER_CARD_WAIT_MS).catch(() => undefined);
    test.connector.release();
    await checkingIn;
    await test.app.settled();

    const cards = placeCards(jane);
    expect(cards.length).toBeGreaterThanOrEqual(1);
    expect(textOf(cards[cards.length - 1]!.activity)).toMatch(/1st: you are next/);
    if (channel === 'msteams') expect(cards.every((c) => c.method === 'PUT' && c.activityId === form.resultId)).toBe(true);
    expect(test.connector.failed).toEqual([]);
  });

  it('When the card is never taken (the send is given up), then the newer card still reaches the chat', async () => {
    const { surgery, jane, checkingIn } = await janeChecksInHeld({ SEND_TIMEOUT_SECONDS: '2' });
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    // The turn's send runs out of time (SEND_TIMEOUT_SECONDS) and is dropped, never answered.
    await test.connector.waitForDropped();
    await checkingIn;
    await test.app.settled();

    const cards = placeCards(jane);
    expect(cards.length).toBeGreaterThanOrEqual(1);
    expect(textOf(cards[cards.length - 1]!.activity)).toMatch(/1st: you are next/);
  });
});
