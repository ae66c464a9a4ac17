import type { FollowUpList, QueueView } from '../../bot/api-types';
import type { FakeNotify } from '../support/fake-notify';
import { cardOf, textOf } from '../support/recording-connector';
import { appWithNotify, Resident, TestApp } from '../support/test-app';

const DAY = 86_400_000;
const PUBLIC = 'https://surgeries.example.gov.uk';
const JANE = 'jane@example.com';
const OMAR = '+447700900456';

describe('No one left behind: every resident a surgery does not reach gets an answer and is followed up', () => {
  const withNotify = appWithNotify({ env: { PUBLIC_BASE_URL: PUBLIC } });
  let notify: FakeNotify;
  let test: TestApp;

  beforeEach(() => {
    ({ notify, test } = withNotify);
  });

  const path = (url: string) => url.slice(PUBLIC.length).replace(/#.*$/, '');
  const followUps = async (surgeryId: string) =>
    (await test.api.call<FollowUpList>('GET', `/api/surgeries/${surgeryId}/follow-ups`)).body.followUps;

  async function addByPhone(surgeryId: string, name: string, phone: string) {
    const added = await test.api.call('POST', `/api/surgeries/${surgeryId}/visits`, {
      name,
      postcode: 'SW1A 1AA',
      issue: `${name}'s issue`,
      phone,
    });
    expect(added.status).toBe(201);
    return added.body.added.visitId as string;
  }

  it('When a surgery ends before reaching a resident, then their status page says their issue is kept and links to the ward’s next surgery', async () => {
    const next = await test.api.call('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_next%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: new Date(Date.now() + 7 * DAY).toISOString(),
      mode: 'both',
    });
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight is out' });
    const statusUrl = cardOf(jane.lastReceived()!.activity)!.actions.find(
      (a: { title: string }) => a.title === 'See your place in a browser',
    ).url;

    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);

    const page = await (await fetch(`${test.app.url}${path(statusUrl)}`)).text();
    expect(page).toContain('The surgery ended before we could reach you');
    expect(page).toContain('Your councillors have your issue and will follow it up with you.');
    expect(page).toContain(`<a href="/surgeries/${next.body.id}#book" class="govuk-link">See the next Castle surgery and how to book</a>`);
    expect(page).not.toContain('council website');
  });

  it('When a surgery ends with residents waiting and one called by phone, then each waiting one is told by chat and by their email or text with a link to book at the ward’s next surgery, and all become follow-ups the councillors update, close and count', async () => {
    const later = new Date(Date.now() + 7 * DAY);
    const next = await test.api.call('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_next%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: later.toISOString(),
      mode: 'both',
    });
    expect(next.status).toBe(201);
    const surgery = await test.api.openSurgery({ ward: 'Castle' });

    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight is out', contact: JANE });
    const omar = await addByPhone(surgery.id, 'Omar Khan', '07700 900456');
    const pat = await addByPhone(surgery.id, 'Pat Lee', '01632 960123');
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${pat}/admit`)).status).toBe(200);

    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    await test.app.settled();

    const told = jane.received.filter((c) => c.method === 'POST' && textOf(c.activity).includes('ended before we could reach you'));
    expect(told).toHaveLength(1);
    const words = textOf(told[0]!.activity);
    const bookAt = `${PUBLIC}/surgeries/${next.body.id}#book`;
    expect(words).toMatch(/the councillors have it as case SQ-[2-9A-Z]{4,} and will follow it up/);
    expect(words).toContain(`Book a time: ${bookAt}`);
    const email = await notify.waitFor((s) => s.kind === 'email' && s.to === JANE);
    expect(email.subject).toBe('Sorry we did not reach you at the Castle ward surgery');
    expect(email.content).toContain(bookAt);
    const text = await notify.waitFor((s) => s.kind === 'sms' && s.to === OMAR);
    expect(text.content).toContain(bookAt);
    // The link leads somewhere real: the next surgery's public page, which says how to book.
    const page = await fetch(`${test.app.url}${path(bookAt)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="book"');

    // Pat was on the phone with a councillor, perhaps: never closed unasked.
    const ended = await test.api.queue(surgery.id);
    expect(ended.active.map((r) => [r.lobbyTag, r.status])).toEqual([['Pat L · A3', 'called']]);
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${pat}/not-reached`)).status).toBe(200);

    const listed = await followUps(surgery.id);
    expect(listed.map((f) => [f.lobbyTag, f.why, f.issue, f.contact?.value ?? f.phone?.words, f.open])).toEqual([
      ['Jane S · A1', 'not_reached', 'The streetlight is out', JANE, true],
      ['Omar K · A2', 'not_reached', "Omar Khan's issue", OMAR, true],
      ['Pat L · A3', 'not_reached', "Pat Lee's issue", '01632 960123', true],
    ]);
    const janeRow = listed[0]!;

    const update = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${janeRow.visitId}/case-updates`, {
      text: 'I have reported the streetlight; it is due to be fixed on Friday.',
    });
    expect(update.status).toBe(200);
    await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('due to be fixed on Friday'),
    );
    const done = await test.api.call<QueueView>('POST', `/api/surgeries/${surgery.id}/visits/${omar}/follow-up-done`);
    expect(done.status).toBe(200);
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${omar}/follow-up-done`)).status).toBe(409);

    expect((await followUps(surgery.id)).map((f) => [f.lobbyTag, f.open])).toEqual([
      ['Jane S · A1', true],
      ['Pat L · A3', true],
      ['Omar K · A2', false],
    ]);
    const summary = await test.api.call('GET', `/api/surgeries/${surgery.id}/summary`);
    expect(summary.body.figures).toMatchObject({ notReached: 3, followUps: { total: 3, open: 2 } });
  });

  it('When no other surgery is planned in the ward, then the link is the ward’s page, which works', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });

    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    const told = await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('ended before we could reach you'),
    );

    const wardPage = `${PUBLIC}/surgeries/ward/castle`;
    expect(textOf(told.activity)).toContain(
      `No other Castle surgery is planned yet. See when the next one is, and how to book: ${wardPage}`,
    );
    expect((await fetch(`${test.app.url}${path(wardPage)}`)).status).toBe(200);
  });

  it('When a follow-up is asked for by an unknown visit or in a surgery still running, then the answer is a clear refusal', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const pat = await addByPhone(surgery.id, 'Pat Lee', '01632 960123');
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${pat}/admit`)).status).toBe(200);

    const early = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${pat}/not-reached`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('VISIT.WRONG_STATE');
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/nobody/follow-up-done`)).status).toBe(404);
    expect((await test.api.call('GET', `/api/surgeries/no-such/follow-ups`)).status).toBe(404);
    expect(await followUps(surgery.id)).toEqual([]);
  });
});
