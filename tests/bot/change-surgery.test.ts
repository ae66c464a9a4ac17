import type { SurgerySummary } from '../../bot/api-types';
import { slotTitle } from '../../bot/teams/cards/booking-form-card';
import type { FakeNotify } from '../support/fake-notify';
import { cardOf, textOf } from '../support/recording-connector';
import { appWithNotify, Resident, TestApp } from '../support/test-app';
import { TIME_OF_DAY } from '../support/time-words';

const DAY = 86_400_000;
const PUBLIC = 'https://surgeries.example.gov.uk';
const JANE = 'jane@example.com';
const MINUTE = 60_000;

describe('Changing a surgery: bookings move with their slots and residents are told, and no booking is dropped unasked', () => {
  const withNotify = appWithNotify({ env: { PUBLIC_BASE_URL: PUBLIC } });
  let notify: FakeNotify;
  let test: TestApp;

  beforeEach(() => {
    ({ notify, test } = withNotify);
  });

  const change = (surgeryId: string, body: unknown) => test.api.call('PATCH', `/api/surgeries/${surgeryId}`, body);
  const calendarOf = async (url: string) => (await fetch(`${test.app.url}${url.slice(PUBLIC.length)}`)).text();
  // The event's own fields, not its time zone's.
  const field = (ics: string, name: string) => new RegExp(`^${name}[:;](.+)$`, 'm').exec(ics.split('BEGIN:VEVENT')[1]!)![1]!.trim();

  async function bookedSurgery(): Promise<{ surgery: SurgerySummary; start: number; calendarUrl: string; jane: Resident }> {
    const start = Math.ceil((Date.now() + 2 * DAY) / (60 * MINUTE)) * 60 * MINUTE;
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_castle%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 120 * MINUTE).toISOString(),
      mode: 'bookings',
      slotMinutes: 10,
    });
    expect(created.status).toBe(201);
    const jane = new Resident(test);
    await jane.books(created.body.id, { contact: JANE });
    const [calendarUrl] = cardOf(jane.lastReceived()!.activity)!.actions.map((a: { url: string }) => a.url as string);
    return { surgery: created.body, start, calendarUrl: calendarUrl!, jane };
  }

  it('When councillors move a surgery half an hour later and change its councillors, then a booked resident’s time moves with it: their chat’s booking card shows the new time in place, and they get an email and a fresh invitation with the same UID and a higher SEQUENCE', async () => {
    const { surgery, start, calendarUrl, jane } = await bookedSurgery();
    const invited = await calendarOf(calendarUrl);
    const bookedCard = jane.lastReceived()!;

    const changed = await change(surgery.id, {
      startsAt: new Date(start + 30 * MINUTE).toISOString(),
      endsAt: new Date(start + 150 * MINUTE).toISOString(),
      councillors: ['Cllr Ada Khan', 'Cllr Ben Osei'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.surgery).toMatchObject({
      startsAt: new Date(start + 30 * MINUTE).toISOString(),
      councillors: ['Cllr Ada Khan', 'Cllr Ben Osei'],
      mode: 'bookings',
    });

    const email = await notify.waitFor((s) => s.kind === 'email' && s.to === JANE && s.subject!.includes('new time'));
    expect(email.content).toContain(calendarUrl);
    const moved = await calendarOf(calendarUrl);
    expect(field(moved, 'UID')).toBe(field(invited, 'UID'));
    expect(Number(field(moved, 'SEQUENCE'))).toBeGreaterThan(Number(field(invited, 'SEQUENCE')));
    expect(field(moved, 'DTSTART')).not.toBe(field(invited, 'DTSTART'));
    expect(moved).toContain('METHOD:REQUEST');
    // Booked in a chat: told there too, with the new time, once.
    await test.app.settled();
    const inChat = jane.received.filter((c) => textOf(c.activity).includes('has moved: it is now'));
    expect(inChat).toHaveLength(1);
    // The same new day and time as the email gives.
    const [, day, time] = new RegExp(String.raw` has moved to \w+ (\d{1,2} \w+) \d{4}, (${TIME_OF_DAY})\.`).exec(email.content)!;
    expect(textOf(inChat[0]!.activity)).toMatch(new RegExp(`it is now on \\w+ ${day} at ${time}\\. Your reference is still SQ-`));
    // Its "Your time is booked" card shows the new time in place, not the old one.
    const updated = jane.received.filter((c) => c.method === 'PUT' && c.activityId === bookedCard.resultId);
    expect(updated).toHaveLength(1);
    const when = JSON.stringify(cardOf(updated[0]!.activity));
    expect(when).toContain('Your time is booked');
    expect(when).toContain(slotTitle(new Date(start + 30 * MINUTE + 80 * MINUTE).toISOString()));
    expect(when).not.toContain(slotTitle(new Date(start + 80 * MINUTE).toISOString()));
    const page = await (await fetch(`${test.app.url}/surgeries/${surgery.id}`)).text();
    expect(page).toContain('Cllr Ada Khan, Cllr Ben Osei');
  });

  it('When a shorter surgery would leave a booking without a slot, then the answer names the booking and nothing changes, until the councillors confirm, when it is cancelled and the resident told, and their chat’s booking card says so in place', async () => {
    const { surgery, start, calendarUrl, jane } = await bookedSurgery();
    const bookedCard = jane.lastReceived()!;
    const shorter = { endsAt: new Date(start + 60 * MINUTE).toISOString() };

    const refused = await change(surgery.id, shorter);
    expect([refused.status, refused.body.code]).toEqual([409, 'SURGERY.DROPS_BOOKINGS']);
    expect(refused.body.message).toMatch(new RegExp(String.raw`this booking: Jane Smith at ${TIME_OF_DAY} \(SQ-[A-Z0-9-]+\)`));
    expect((await test.api.queue(surgery.id)).surgery.endsAt).toBe(surgery.endsAt);

    const confirmed = await change(surgery.id, { ...shorter, confirmDrops: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.surgery.endsAt).toBe(shorter.endsAt);
    const email = await notify.waitFor((s) => s.kind === 'email' && s.to === JANE && s.subject!.includes('cancelled'));
    expect(email.subject).toBe('Castle ward surgery: your appointment is cancelled');
    expect(await calendarOf(calendarUrl)).toContain('METHOD:CANCEL');
    // Booked in a chat: its "Your time is booked" card says it is cancelled, in place, and a message says so.
    await test.app.settled();
    const cancelled = /is cancelled, and the time is free for someone else\. To book another time: http\S+\/surgeries\/ward\/castle$/;
    const card = jane.received.filter((c) => c.method === 'PUT' && c.activityId === bookedCard.resultId);
    expect(card.map((c) => textOf(c.activity))).toEqual([expect.stringMatching(cancelled)]);
    expect(jane.received.filter((c) => c.method === 'POST' && cancelled.test(textOf(c.activity)))).toHaveLength(1);
  });

  it('When a change is not a valid surgery, or the surgery has ended, then it is refused and says why', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ endsAt: new Date(Date.now() - DAY).toISOString() }, 'endsAt'],
      [{ councillors: [] }, 'councillors'],
      [{ joinUrl: 'https://evil.example/meet' }, 'joinUrl'],
      [{ mode: 'sometimes' }, 'mode'],
    ];
    for (const [body, problem] of cases) {
      const refused = await change(surgery.id, body);
      expect([refused.status, refused.body.problems.map((p: { field: string }) => p.field)]).toEqual([400, [problem]]);
    }
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    const ended = await change(surgery.id, { councillors: ['Cllr Ben Osei'] });
    expect([ended.status, ended.body.code]).toEqual([409, 'SURGERY.ENDED']);
  });
});
