import type { FakeNotify } from '../support/fake-notify';
import { cardOf, textOf } from '../support/recording-connector';
import { appWithNotify, Resident, TestApp } from '../support/test-app';

const PUBLIC = 'https://surgeries.example.gov.uk';

describe('No-show with care: a resident marked as not joining is told kindly and can come back next', () => {
  const withNotify = appWithNotify({ env: { PUBLIC_BASE_URL: PUBLIC } });
  let notify: FakeNotify;
  let test: TestApp;

  beforeEach(() => {
    ({ notify, test } = withNotify);
  });

  it('When a called resident is marked as not joining, then they are told kindly with "I\'m here" and a booking link, and pressing it puts them back next in the queue', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes', contact: 'jane@example.com' });
    await new Resident(test).checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Trees' });
    const called = (await test.api.admitNext(surgery.id)).body.called;
    expect(called.admitPromisedBy).toBe(new Date(Date.parse(called.calledAt!) + 5 * 60_000).toISOString());

    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${called.visitId}/no-show`)).status).toBe(200);
    const told = await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('could not see you'),
    );
    const card = cardOf(told.activity)!;
    const imHere = card.actions.find((a: { title: string }) => a.title === "I'm here");
    const book = card.actions.find((a: { title: string }) => a.title === 'Book another time');
    expect(book.url).toBe(`${PUBLIC}/surgeries/ward/castle`);
    const email = await notify.waitFor((s) => s.kind === 'email' && s.to === 'jane@example.com' && s.subject!.startsWith('We missed you'));
    expect(email.subject).toBe('We missed you at the Castle ward surgery');
    expect(email.content).toContain('press "I\'m here" in your chat with us within 10 minutes');

    // Someone else's chat cannot use Jane's button.
    const stranger = new Resident(test);
    await stranger.submits(imHere.data);
    expect(stranger.received.map((c) => textOf(c.activity)).join(' ')).toContain('that button no longer works');
    expect((await test.api.queue(surgery.id)).finished.map((r) => r.status)).toEqual(['no_show']);

    await jane.submits(imHere.data);
    expect(textOf(jane.lastReceived()!.activity)).toBe(
      'Thank you. You are back in the queue as "Jane S · A1", and you are next. Please join the meeting lobby now; we will message you here when a councillor calls you.',
    );
    const view = await test.api.queue(surgery.id);
    expect(view.active.map((r) => [r.lobbyTag, r.status, r.position])).toEqual([
      ['Jane S · A1', 'waiting', 1],
      ['Bob R · A2', 'waiting', 2],
    ]);
    expect((await test.api.admitNext(surgery.id)).body.called.lobbyTag).toBe('Jane S · A1');

    // Pressed again later, the button changes nothing and says where she is.
    await jane.submits(imHere.data);
    expect(textOf(jane.lastReceived()!.activity)).toContain('It is your turn');
  });
});
