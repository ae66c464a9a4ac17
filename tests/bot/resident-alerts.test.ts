import { loadConfig } from '../../bot/config';
import { RunningApp, startApp } from '../../bot/index';
import { silentLogger } from '../support/silent-logger';
import type { ResidentRow } from '../../bot/api-types';
import { uniqueTablePrefix } from '../support/azurite';
import { ConnectorCall, cardOf, textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const MINUTE = 60_000;
const NAMES = ['Ann Lee', 'Bob Ray', 'Cat Orr', 'Dan Fox', 'Eve Ash', 'Fay Ng', 'Gus Hart', 'Hal Moss', 'Ivy Lamb'];

describe('As time passes, residents hear what matters: nearly your turn, may not be reached, and their place', () => {
  // Real time with an offset the test moves forward, so the outbox and its pacing still see time pass.
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const later = (minutes: number) => {
    offset += minutes * MINUTE;
  };
  let test: TestApp;
  let other: RunningApp;

  beforeEach(async () => {
    offset = 0;
    const tablePrefix = uniqueTablePrefix();
    // Ticks only when the test says, so it can run two instances' tickers at once.
    const env = { TABLE_PREFIX: tablePrefix, SURGERY_TICK_SECONDS: '600' };
    test = await startTestApp({ clock, env });
    other = await startApp(
      loadConfig({
        LOCAL_MODE: 'true',
        PORT: '0',
        HOST: '127.0.0.1',
        TABLES_CONNECTION_STRING: test.azurite.connectionString,
        STREAM_POLL_MS: '200',
        ...env,
      }),
      { clock, logger: silentLogger },
    );
  });

  afterEach(async () => {
    await other?.stop();
    await test?.stop();
  });

  const settled = () => Promise.all([test.app.settled(), other.settled()]);
  const posts = (resident: Resident, words: string) =>
    resident.received.filter((c) => c.method === 'POST' && textOf(c.activity).includes(words));
  const putsSince = (count: number): ConnectorCall[] => test.connector.calls.slice(count).filter((c) => c.method === 'PUT');

  it('When the surgery runs, then each alert arrives once however many tickers run, the choices do what they say, and cards change only with news', async () => {
    const start = clock();
    const endsAt = new Date(start.getTime() + 30 * MINUTE);
    const surgery = await test.api.openSurgery({ startsAt: start.toISOString(), endsAt: endsAt.toISOString() });
    const nextWeek = await test.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      startsAt: new Date(start.getTime() + 7 * 24 * 60 * MINUTE).toISOString(),
      endsAt: new Date(start.getTime() + (7 * 24 * 60 + 120) * MINUTE).toISOString(),
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_next%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
    });
    expect(nextWeek.status).toBe(201);
    const residents: Resident[] = [];
    for (const name of NAMES) {
      // Bob chats on the surgery page, where Direct Line cannot update a card: his news comes as new cards.
      const resident = new Resident(test, name === 'Bob Ray' ? 'webchat' : 'msteams');
      await resident.checksIn({ name, postcode: 'SW1A 1AA', issue: `${name}'s question about the park` });
      residents.push(resident);
    }
    const [ann, bob, , , , fay, gus, hal, ivy] = residents as [
      Resident,
      Resident,
      Resident,
      Resident,
      Resident,
      Resident,
      Resident,
      Resident,
      Resident,
    ];
    const placeCards = new Map(residents.map((r) => [r.conversationId, r.lastReceived()!.resultId]));
    await settled();

    // Two instances tick at once, and again: one councillor, ten minutes a resident, so Ann is next now and
    // the last three will probably not be reached before the end (with its ten-minute margin).
    const beforeTicks = test.connector.calls.length;
    await Promise.all([test.app.tick(), other.tick(), test.app.tick(), other.tick()]);
    await test.app.tick();
    await settled();

    expect(posts(ann, 'It is nearly your turn')).toHaveLength(1);
    const nearly = posts(ann, 'It is nearly your turn')[0]!;
    expect(textOf(nearly.activity)).toContain('Ann L · A1');
    expect(cardOf(nearly.activity)!.actions[0]).toMatchObject({ type: 'Action.OpenUrl', url: surgery.joinUrl });
    for (const resident of residents.slice(1)) expect(posts(resident, 'It is nearly your turn')).toEqual([]);

    const view = await test.api.queue(surgery.id);
    const notReached = view.active.filter((r: ResidentRow) => r.reach === 'probably_not').map((r) => r.lobbyTag);
    expect(notReached).toEqual(['Gus H · A7', 'Hal M · A8', 'Ivy L · A9']);
    for (const resident of residents)
      expect(posts(resident, 'We will probably not reach you today')).toHaveLength([gus, hal, ivy].includes(resident) ? 1 : 0);
    // Told early: the surgery has most of its half hour to run.
    expect(endsAt.getTime() - clock().getTime()).toBeGreaterThan(25 * MINUTE);
    const warning = posts(gus, 'We will probably not reach you today')[0]!;
    expect(textOf(warning.activity)).toContain('Gus H · A7');
    expect(cardOf(warning.activity)!.actions.map((a: { title: string }) => a.title)).toEqual([
      'Keep waiting',
      'Book a slot at the next surgery',
      'Leave my issue for the councillor',
    ]);
    // Nothing a resident sees on their place card changed, so none was updated, and Bob got no new card.
    expect(putsSince(beforeTicks)).toEqual([]);
    expect(posts(bob, 'You are in the queue')).toHaveLength(1);

    // A minute later estimates have moved a minute: not news.
    const beforeMinute = test.connector.calls.length;
    later(1);
    await Promise.all([test.app.tick(), other.tick()]);
    await settled();
    expect(test.connector.calls.slice(beforeMinute)).toEqual([]);

    // Gus keeps waiting; Hal asks about the next surgery; Ivy leaves her issue for the councillor.
    const choice = (resident: Resident, title: string) =>
      cardOf(posts(resident, 'We will probably not reach you today')[0]!.activity)!.actions.find(
        (a: { title: string }) => a.title === title,
      ).data;
    await gus.submits(choice(gus, 'Keep waiting'));
    expect(textOf(gus.lastReceived()!.activity)).toContain('You are still in the queue as "Gus H · A7"');
    await hal.submits(choice(hal, 'Book a slot at the next surgery'));
    expect(textOf(hal.lastReceived()!.activity)).toContain('There are no times to book at the next Abbey surgery, on');
    expect(textOf(hal.lastReceived()!.activity)).toContain('You are still in today\'s queue as "Hal M · A8"');
    await ivy.submits(choice(ivy, 'Leave my issue for the councillor'));
    const confirmation = textOf(ivy.lastReceived()!.activity);
    expect(confirmation).toMatch(/Your case reference is SQ-[2-9A-Z]{4}\./);
    await settled();

    const afterChoices = await test.api.queue(surgery.id);
    expect(afterChoices.active.map((r) => r.lobbyTag)).toEqual(NAMES.slice(0, 8).map((_, i) => view.active[i]!.lobbyTag));
    const ivyCase = afterChoices.finished.find((r) => r.lobbyTag === 'Ivy L · A9')!;
    expect(ivyCase).toMatchObject({ status: 'follow_up', issue: "Ivy Lamb's question about the park", followUp: true });
    expect(confirmation).toContain(ivyCase.caseReference!);
    const ivyClosed = ivy.received.find((c) => c.method === 'PUT')!;
    expect(ivyClosed.activityId).toBe(placeCards.get(ivy.conversationId));
    expect(textOf(ivyClosed.activity)).toContain('You left the queue');

    // The same button pressed again, now that Ivy is not waiting: a kind reply, and nothing changes.
    await ivy.submits(choice(ivy, 'Keep waiting'));
    expect(ivy.received.slice(-2).map((c) => textOf(c.activity))).toEqual([
      'Sorry, that choice is out of date, so I have not changed anything.',
      expect.stringContaining('You are not in a queue'),
    ]);

    // Ten minutes on with nobody called: each estimate moved, so each waiting resident's card is updated in
    // place, once; Fay now will probably not be reached either, and is told. Gus and Hal, already told that
    // if they are reached it will be at the very end, have no news.
    const beforeTen = test.connector.calls.length;
    later(10);
    await Promise.all([test.app.tick(), other.tick()]);
    await test.app.tick();
    await settled();
    const updates = putsSince(beforeTen);
    expect(updates.map((c) => c.conversationId).sort()).toEqual(
      residents
        .slice(0, 6)
        .filter((r) => r !== bob)
        .map((r) => r.conversationId)
        .sort(),
    );
    for (const update of updates) expect(update.activityId).toBe(placeCards.get(update.conversationId));
    // A move of ten minutes is news worth a new card in web chat: one.
    expect(posts(bob, 'You are in the queue')).toHaveLength(2);
    expect(test.connector.failed).toEqual([]);
    expect(posts(fay, 'We will probably not reach you today')).toHaveLength(1);
    expect(posts(gus, 'We will probably not reach you today')).toHaveLength(1);
    expect(posts(ann, 'It is nearly your turn')).toHaveLength(1);

    // The councillor ends the surgery: everyone still waiting is marked not reached and told.
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    await settled();
    for (const resident of [ann, gus, hal]) expect(posts(resident, 'has ended before we could reach you')).toHaveLength(1);
    const ended = await test.api.queue(surgery.id);
    expect(ended.finished.filter((r) => r.status === 'not_reached')).toHaveLength(8);
  });
});
