import type { QueueView, ResidentRow } from '../../bot/api-types';
import type { FakeNotify } from '../support/fake-notify';
import { startStillApp, stopStillApp } from '../support/still-app';
import { cardOf } from '../support/recording-connector';
import { Resident, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const MOVED_SUBJECT = 'Your time at the Castle ward surgery has changed';
const WARNED_SUBJECT = 'We will probably not reach you at the Castle ward surgery';

describe('Changing a surgery while it is open: residents waiting hear what it means for them', () => {
  let notify: FakeNotify;
  let test: TestApp;
  // Still, so an estimate read through the API is the one the change worked out.
  let now = 0;

  beforeEach(async () => {
    ({ test, notify, now } = await startStillApp());
  });

  afterEach(() => stopStillApp({ test, notify }));

  const change = (surgeryId: string, body: unknown) => test.api.call('PATCH', `/api/surgeries/${surgeryId}`, body);
  const email = (n: number) => `resident${n}@example.com`;
  const sentTo = (n: number, subject: string) =>
    notify.sent.filter((s) => s.kind === 'email' && s.to === email(n) && s.subject === subject);

  async function queueOfSix(lengthMinutes: number): Promise<{ surgeryId: string; residents: Resident[]; before: QueueView }> {
    const surgery = await test.api.openSurgery({
      ward: 'Castle',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + lengthMinutes * MINUTE).toISOString(),
    });
    const residents: Resident[] = [];
    for (let n = 1; n <= 6; n++) {
      const resident = new Resident(test);
      await resident.checksIn({ name: `Resident ${n}`, postcode: 'SW1A 1AA', issue: 'Potholes on Mill Lane.', contact: email(n) });
      residents.push(resident);
    }
    await test.app.settled();
    return { surgeryId: surgery.id, residents, before: await test.api.queue(surgery.id) };
  }

  const rowOf = (view: QueueView, n: number): ResidentRow => view.active.find((row) => row.name === `Resident ${n}`)!;

  it('When more councillors join an open surgery, then each resident whose turn moved by 15 minutes or more gets one email with the window the tab shows, and the rest none', async () => {
    const { surgeryId, before } = await queueOfSix(180);

    expect((await change(surgeryId, { councillors: ['Cllr Ada Khan', 'Cllr Ben Osei', 'Cllr Cara Lee'] })).status).toBe(200);
    await test.app.settled();
    const after = await test.api.queue(surgeryId);

    const told: number[] = [];
    for (let n = 1; n <= 6; n++) {
      const moved = Date.parse(rowOf(before, n).estimatedAdmitAt!) - Date.parse(rowOf(after, n).estimatedAdmitAt!);
      const emails = sentTo(n, MOVED_SUBJECT);
      expect([n, emails.length]).toEqual([n, moved >= 15 * MINUTE ? 1 : 0]);
      if (emails.length === 0) continue;
      told.push(n);
      expect(emails[0]!.content).toContain(
        `your turn may come sooner than we said: we now expect to call you ${rowOf(after, n).estimatedWindow!.words}.`,
      );
    }
    // Both kinds are there: residents near the front moved little, those at the back a lot.
    expect(told).not.toContain(1);
    expect(told).toContain(6);

    // A change that moves nobody's turn tells nobody again.
    expect((await change(surgeryId, { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_new%40thread.v2/0' })).status).toBe(
      200,
    );
    await test.app.settled();
    for (const n of told) expect(sentTo(n, MOVED_SUBJECT)).toHaveLength(1);
  });

  it('When an open surgery is changed to end sooner, then the residents it will now probably not reach are warned at once, in their chat with what they can do and by email with a link to book, and those it will reach are not', async () => {
    const { surgeryId, residents } = await queueOfSix(90);

    expect((await change(surgeryId, { endsAt: new Date(now + 25 * MINUTE).toISOString() })).status).toBe(200);
    await test.app.settled();
    const after = await test.api.queue(surgeryId);

    const warned: number[] = [];
    for (let n = 1; n <= 6; n++) {
      const beyond = rowOf(after, n).reach === 'probably_not';
      const cards = residents[n - 1]!.received.filter((c) =>
        JSON.stringify(cardOf(c.activity) ?? {}).includes('We will probably not reach you today'),
      );
      const emails = sentTo(n, WARNED_SUBJECT);
      expect([n, cards.length, emails.length]).toEqual([n, beyond ? 1 : 0, beyond ? 1 : 0]);
      if (!beyond) continue;
      warned.push(n);
      expect(emails[0]!.content).toContain('The Castle ward surgery ends at');
      expect(emails[0]!.content).toMatch(/Or book a time at the next surgery: http\S+\/surgeries\/ward\/castle/);
      expect(JSON.stringify(cardOf(cards[0]!.activity))).toContain('Book a slot at the next surgery');
    }
    expect(warned).not.toContain(1);
    expect(warned).toContain(6);
  });
});
