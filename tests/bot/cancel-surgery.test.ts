import type { SurgerySummary } from '../../bot/api-types';
import type { FakeNotify } from '../support/fake-notify';
import { cardOf, textOf } from '../support/recording-connector';
import { appWithNotify, Resident, TestApp } from '../support/test-app';

const DAY = 86_400_000;
const PUBLIC = 'https://surgeries.example.gov.uk';
const JANE = 'jane@example.com';
const OMAR = '+447700900456';
const SAID = 'Cllr Ada Khan is unwell tonight. Sorry for the short notice.';

describe('Cancelling a surgery: every resident booked or checked in is told, and the public pages say so', () => {
  const withNotify = appWithNotify({ env: { PUBLIC_BASE_URL: PUBLIC } });
  let notify: FakeNotify;
  let test: TestApp;

  beforeEach(() => {
    ({ notify, test } = withNotify);
  });

  const path = (url: string) => url.slice(PUBLIC.length);
  const cancel = (surgeryId: string, body?: unknown) => test.api.call('POST', `/api/surgeries/${surgeryId}/cancel`, body);
  const told = (resident: Resident, words: string) =>
    test.connector.waitFor((c) => c.conversationId === resident.conversationId && textOf(c.activity).includes(words));

  async function castleSurgery(startsAt: Date): Promise<SurgerySummary> {
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_next%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: startsAt.toISOString(),
      mode: 'both',
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('When councillors cancel an open surgery with a message, then the booked, waiting and phone residents are each told by every channel they gave, with the message, the ward’s next surgery and a calendar cancellation', async () => {
    const next = await castleSurgery(new Date(Date.now() + 7 * DAY));
    const surgery = await test.api.openSurgery({ ward: 'Castle', mode: 'both' });

    const jane = new Resident(test);
    await jane.books(surgery.id, { contact: JANE });
    const [calendarUrl] = cardOf(jane.lastReceived()!.activity)!.actions.map((a: { url: string }) => a.url as string);
    const invited = await (await fetch(`${test.app.url}${path(calendarUrl!)}`)).text();
    expect(invited).toContain('METHOD:REQUEST');
    const uid = /^UID:(.+)$/m.exec(invited)![1]!.trim();
    const invitedSequence = Number(/^SEQUENCE:(\d+)/m.exec(invited)![1]);

    const pat = new Resident(test);
    await pat.checksIn({ name: 'Pat Lee', postcode: 'SW1A 1AA', issue: 'The streetlight is out' });
    const patPlaceCard = pat.lastReceived()!;
    const patStatusUrl = cardOf(patPlaceCard.activity)!.actions.find(
      (a: { title: string }) => a.title === 'See your place in a browser',
    ).url;
    const added = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Omar Khan',
      postcode: 'SW1A 1AA',
      issue: 'Parking on the pavement',
      phone: '07700 900456',
    });
    expect(added.status).toBe(201);

    const cancelled = await cancel(surgery.id, { message: SAID });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.surgery).toMatchObject({ status: 'ended' });
    expect(cancelled.body.surgery.cancelledAt).toBeDefined();
    expect(cancelled.body.surgery.reopenableUntil).toBeUndefined();
    await test.app.settled();

    const bookAt = `${PUBLIC}/surgeries/${next.id}#book`;
    const janeChat = textOf((await told(jane, 'has been cancelled')).activity);
    expect(janeChat).toContain(SAID);
    expect(janeChat).toMatch(/Your appointment \(reference SQ-[A-Z0-9-]+\) is cancelled with it/);
    expect(janeChat).toContain(`Book a time: ${bookAt}`);
    const email = await notify.waitFor((s) => s.kind === 'email' && s.to === JANE && s.subject!.includes('cancelled'));
    expect(email.subject).toBe('Castle ward surgery: cancelled, with your appointment');
    expect(email.content).toContain(SAID);
    expect(email.content).toContain(bookAt);
    expect(email.content).toContain(`Remove it from your calendar: ${calendarUrl}`);
    const cancellation = await (await fetch(`${test.app.url}${path(calendarUrl!)}`)).text();
    expect(cancellation).toContain('METHOD:CANCEL');
    expect(cancellation).toContain('STATUS:CANCELLED');
    expect(/^UID:(.+)$/m.exec(cancellation)![1]!.trim()).toBe(uid);
    expect(Number(/^SEQUENCE:(\d+)/m.exec(cancellation)![1])).toBeGreaterThan(invitedSequence);

    const patChat = textOf((await told(pat, 'has been cancelled')).activity);
    expect(patChat).toContain('You were in the queue as "Pat L · A1"');
    expect(patChat).toContain(SAID);
    expect(patChat).toMatch(/the councillors have it as case SQ-[2-9A-Z]{4,}/);
    // Their place card and status page say it was cancelled, not that it ended.
    const closedCard = pat.received.filter((c) => c.method === 'PUT' && c.activityId === patPlaceCard.resultId).at(-1)!;
    expect(textOf(closedCard.activity)).toContain('The councillors cancelled this surgery.');
    const statusPage = await (await fetch(`${test.app.url}${path(patStatusUrl)}`)).text();
    expect(statusPage).toContain('The surgery was cancelled');
    expect(statusPage).not.toContain('ended before');
    const text = await notify.waitFor((s) => s.kind === 'sms' && s.to === OMAR);
    expect(text.content).toContain(SAID);
    expect(text.content).toContain(bookAt);

    // Each is told once, whichever way.
    expect(notify.sent.filter((s) => s.to === JANE && s.subject?.includes('cancelled'))).toHaveLength(1);
    expect(jane.received.filter((c) => textOf(c.activity).includes('has been cancelled'))).toHaveLength(1);
    expect(pat.received.filter((c) => textOf(c.activity).includes('has been cancelled'))).toHaveLength(1);
  });

  it('When a surgery is cancelled, then its page, the ward’s page and the ward’s calendar show it as cancelled, and it cannot be booked, opened, ended, reopened or cancelled again', async () => {
    const surgery = await castleSurgery(new Date(Date.now() + 2 * DAY));
    expect((await cancel(surgery.id)).status).toBe(200);

    const page = await (await fetch(`${test.app.url}/surgeries/${surgery.id}`)).text();
    expect(page).toContain('<strong class="govuk-tag govuk-tag--red">Cancelled</strong> This surgery will not take place.');
    expect(page).not.toContain('id="book"');
    const wardPage = await (await fetch(`${test.app.url}/surgeries/ward/castle`)).text();
    expect(wardPage).toContain('Cancelled</strong>');
    expect(wardPage).toContain('This surgery has been cancelled.');
    const feed = await (await fetch(`${test.app.url}/surgeries/ward/castle.ics`)).text();
    const event = feed.split('BEGIN:VEVENT')[1]!;
    expect(event).toContain(`UID:surgery-${surgery.id}@surgeries.example.gov.uk`);
    expect(event).toContain('STATUS:CANCELLED');

    const sam = new Resident(test);
    await sam.books(surgery.id, { slot: '2', name: 'Sam Green', address: '3 Low Road', issue: 'Noise', contact: 'sam@example.com' });
    expect(textOf(sam.lastReceived()!.activity)).toContain('This surgery was cancelled.');

    for (const action of ['cancel', 'open', 'end', 'reopen']) {
      const refused = await test.api.call('POST', `/api/surgeries/${surgery.id}/${action}`, { confirmEarly: true });
      expect([action, refused.status, refused.body.code]).toEqual([action, 409, 'SURGERY.CANCELLED']);
    }
  });

  it('When the message is too long, not text, or holds control characters, or the surgery has ended, then nothing is cancelled and the answer says why', async () => {
    const surgery = await castleSurgery(new Date(Date.now() + 2 * DAY));
    for (const message of ['x'.repeat(301), 42, 'Sorry\u0007 all', ['Sorry']]) {
      const refused = await cancel(surgery.id, { message });
      expect(refused.status).toBe(400);
      expect(refused.body.problems[0].field).toBe('message');
    }
    expect((await cancel(surgery.id, 'not json')).status).toBe(400);
    expect((await test.api.queue(surgery.id)).surgery.status).toBe('scheduled');

    const ended = await test.api.openSurgery({ ward: 'Castle' });
    expect((await test.api.call('POST', `/api/surgeries/${ended.id}/end`)).status).toBe(200);
    const refused = await cancel(ended.id);
    expect([refused.status, refused.body.code]).toEqual([409, 'SURGERY.ENDED']);
  });
});
