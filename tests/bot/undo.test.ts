import type { FollowUpList, QueueView } from '../../bot/api-types';
import { FakeNotify } from '../support/fake-notify';
import { cardOf, textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';
import { TIME_OF_DAY } from '../support/time-words';

const PUBLIC = 'https://surgeries.example.gov.uk';
const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
const MINUTE = 60_000;

describe('Undo: ending a surgery, a no-show and a not reached can be taken back for 10 minutes, and residents are told', () => {
  let notify: FakeNotify;
  let test: TestApp;
  let offset = 0;

  beforeEach(async () => {
    offset = 0;
    notify = await new FakeNotify().start();
    test = await startTestApp({
      notify,
      clock: () => new Date(Date.now() + offset),
      env: { PUBLIC_BASE_URL: PUBLIC, OUTBOX_RETRY_BASE_MS: '10', OUTBOX_POLL_MS: '50' },
    });
  });

  afterEach(async () => {
    await test?.stop();
    await notify?.stop();
  });

  const post = <T = any>(path: string) => test.api.call<T>('POST', path);
  const followUps = async (surgeryId: string) =>
    (await test.api.call<FollowUpList>('GET', `/api/surgeries/${surgeryId}/follow-ups`)).body.followUps;
  const saidTo = (resident: Resident, words: string) =>
    test.connector.waitFor((c) => c.conversationId === resident.conversationId && textOf(c.activity).includes(words));

  it('When a surgery ended by mistake is reopened within 10 minutes, then everyone it did not reach is back as they were, told by chat and email, their follow-ups withdrawn; after 10 minutes a second end cannot be undone', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight is out', contact: 'jane@example.com' });
    const bob = new Resident(test);
    await bob.checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Bins' });
    expect((await test.api.admitNext(surgery.id)).body.called.lobbyTag).toBe('Jane S · A1');

    const ended = await post<QueueView>(`/api/surgeries/${surgery.id}/end`);
    expect(ended.body.surgery.reopenableUntil).toBe(new Date(Date.parse(ended.body.surgery.endedAt!) + 10 * MINUTE).toISOString());
    await saidTo(jane, 'ended before we could reach you');
    await test.app.settled();
    const cases = (await followUps(surgery.id)).map((f) => f.caseReference);
    expect(cases).toHaveLength(2);

    offset = 9 * MINUTE;
    const reopened = await post<QueueView>(`/api/surgeries/${surgery.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.surgery.status).toBe('open');
    expect(reopened.body.active.map((r) => [r.lobbyTag, r.status])).toEqual([
      ['Jane S · A1', 'called'],
      ['Bob R · A2', 'waiting'],
    ]);
    expect(await followUps(surgery.id)).toEqual([]);

    const toJane = await saidTo(jane, 'open again');
    expect(textOf(toJane.activity)).toBe(
      `Good news: the Castle surgery is open again. You are back in the queue as "Jane S · A1". You will be seen today, so you do not need case ${cases[0]} we gave you. It is your turn: please join the meeting now and wait in the lobby. A councillor will let you in within about 5 minutes. Join: ${JOIN}`,
    );
    const toBob = await saidTo(bob, 'open again');
    expect(textOf(toBob.activity)).toContain('You are back in the queue as "Bob R · A2".');
    expect(textOf(toBob.activity)).toContain('We will tell you when it is your turn.');
    // Bob waits again, so he has a place card again, sent after the news.
    const card = await test.connector.waitFor(
      (c) => c.conversationId === bob.conversationId && c.method === 'POST' && cardOf(c.activity) !== undefined && c.at >= toBob.at,
    );
    expect(textOf(card.activity)).toContain('Bob R · A2');
    const email = await notify.waitFor(
      (s) => s.kind === 'email' && s.to === 'jane@example.com' && s.subject!.includes('back in the queue'),
    );
    expect(email.subject).toBe('You are back in the queue at the Castle ward surgery');
    expect(email.content).toContain(JOIN);

    // The queue runs on: Jane is seen, and a second end does not reach Bob, with the same case as before.
    expect((await post(`/api/surgeries/${surgery.id}/visits/${reopened.body.active[0]!.visitId}/joined`)).status).toBe(200);
    expect((await post(`/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    expect((await followUps(surgery.id)).map((f) => [f.lobbyTag, f.caseReference])).toEqual([['Bob R · A2', cases[1]]]);

    offset += 11 * MINUTE;
    const late = await post(`/api/surgeries/${surgery.id}/reopen`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('UNDO.TOO_LATE');
    expect(late.body.message).toMatch(
      new RegExp(String.raw`^The surgery ended at ${TIME_OF_DAY}\. That can be undone for 10 minutes only, and they have passed\.$`),
    );
    expect((await test.api.queue(surgery.id)).surgery.status).toBe('ended');
    expect((await post(`/api/surgeries/${surgery.id}/reopen`)).status).toBe(409);
  });

  it('When a surgery ended by mistake is reopened, then a resident waiting again gets one fresh place card, which the queue moving updates in place and their call closes', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight is out' });
    const bob = new Resident(test);
    await bob.checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Bins' });
    expect((await post(`/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    await saidTo(bob, 'ended before we could reach you');
    await test.app.settled();

    expect((await post(`/api/surgeries/${surgery.id}/reopen`)).status).toBe(200);
    const toBob = await saidTo(bob, 'open again');
    const fresh = await test.connector.waitFor(
      (c) => c.conversationId === bob.conversationId && c.method === 'POST' && cardOf(c.activity) !== undefined && c.at >= toBob.at,
    );
    expect(textOf(fresh.activity)).toContain('2nd');
    await test.app.settled();

    const later = test.connector.calls.length;
    expect((await test.api.admitNext(surgery.id)).body.called.lobbyTag).toBe('Jane S · A1');
    const moved = await test.connector.waitFor(
      (c) => c.conversationId === bob.conversationId && c.method === 'PUT' && textOf(c.activity).includes('1st: you are next'),
    );
    expect(moved.activityId).toBe(fresh.resultId);
    await test.app.settled();

    await post(`/api/surgeries/${surgery.id}/visits/${(await test.api.queue(surgery.id)).active[0]!.visitId}/joined`);
    expect((await test.api.admitNext(surgery.id)).body.called.lobbyTag).toBe('Bob R · A2');
    await saidTo(bob, 'It is your turn');
    await test.app.settled();
    const toBobSince = test.connector.calls.slice(later).filter((c) => c.conversationId === bob.conversationId);
    // One card only: every later change of it replaces the fresh one, and none is sent as a new message.
    expect(toBobSince.filter((c) => c.method === 'PUT').every((c) => c.activityId === fresh.resultId)).toBe(true);
    expect(toBobSince.filter((c) => c.method === 'POST' && textOf(c.activity).includes('Your place'))).toEqual([]);
    expect(toBobSince.filter((c) => c.method === 'PUT').length).toBeGreaterThanOrEqual(2);
  });

  it('When a no-show is undone, then the resident is called again and told it was a mistake; a second undo, or one after 10 minutes, is refused clearly', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });
    const { visitId } = (await test.api.admitNext(surgery.id)).body.called;
    const noShow = await post<QueueView>(`/api/surgeries/${surgery.id}/visits/${visitId}/no-show`);
    expect(noShow.body.finished[0]!.undoableUntil).toBe(
      new Date(Date.parse(noShow.body.finished[0]!.finishedAt!) + 10 * MINUTE).toISOString(),
    );
    await saidTo(jane, 'could not see you');

    offset = 2 * MINUTE;
    const undone = await post<QueueView>(`/api/surgeries/${surgery.id}/visits/${visitId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.active.map((r) => [r.lobbyTag, r.status])).toEqual([['Jane S · A1', 'called']]);
    expect(textOf((await saidTo(jane, 'by mistake')).activity)).toBe(
      `Sorry, we marked you as not joining the Castle surgery by mistake. You are back in the queue as "Jane S · A1". It is your turn: please join the meeting now and wait in the lobby. A councillor will let you in within about 5 minutes. Join: ${JOIN}`,
    );
    const again = await post(`/api/surgeries/${surgery.id}/visits/${visitId}/undo`);
    expect([again.status, again.body.code, again.body.message]).toEqual([
      409,
      'VISIT.WRONG_STATE',
      'There is nothing to undo for Jane S · A1.',
    ]);

    expect((await post(`/api/surgeries/${surgery.id}/visits/${visitId}/no-show`)).status).toBe(200);
    offset += 11 * MINUTE;
    const late = await post(`/api/surgeries/${surgery.id}/visits/${visitId}/undo`);
    expect([late.status, late.body.code]).toEqual([409, 'UNDO.TOO_LATE']);
    expect(late.body.message).toMatch(new RegExp(String.raw`^Jane S · A1 was marked as not joining at ${TIME_OF_DAY}\.`));
    expect((await post(`/api/surgeries/${surgery.id}/visits/nobody/undo`)).status).toBe(404);
  });

  it('When a phone resident marked as not reached after the surgery is put back, then they are called again, told by text, and their follow-up is withdrawn', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const added = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Omar Khan',
      postcode: 'SW1A 1AA',
      issue: 'Parking permits',
      phone: '07700 900456',
    });
    const omar = added.body.added.visitId as string;
    expect((await post(`/api/surgeries/${surgery.id}/visits/${omar}/admit`)).status).toBe(200);
    expect((await post(`/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    const marked = await post<QueueView>(`/api/surgeries/${surgery.id}/visits/${omar}/not-reached`);
    expect(marked.body.finished[0]).toMatchObject({ status: 'not_reached', undoableUntil: expect.any(String) });
    expect(await followUps(surgery.id)).toHaveLength(1);

    const undone = await post<QueueView>(`/api/surgeries/${surgery.id}/visits/${omar}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.active.map((r) => [r.lobbyTag, r.status])).toEqual([['Omar K · A1', 'called']]);
    expect(await followUps(surgery.id)).toEqual([]);
    const text = await notify.waitFor((s) => s.kind === 'sms' && s.to === '+447700900456' && s.content.includes('by mistake'));
    expect(text.content).toContain('Surgery Queue: Sorry, we marked you as not reached at the Castle surgery by mistake.');
  });
});
