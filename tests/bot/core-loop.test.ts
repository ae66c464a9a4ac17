import { EventStream, Resident, TestApp, startTestApp } from '../support/test-app';
import { cardOf, textOf } from '../support/recording-connector';
import { CHANNEL_NAMES } from '../../bot/api-types';

describe('The core loop: a resident checks in, councillors see them live, admit next, the bot tells the resident', () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });

  afterEach(async () => {
    await test?.stop();
  });

  it('When residents check in and a councillor admits the next, then the tab streams it and the bot calls the right resident and moves the others', async () => {
    const surgery = await test.api.openSurgery({ councillors: ['Cllr Ada Khan'] });
    const stream = new EventStream(`${test.app.url}/api/surgeries/${surgery.id}/stream`);
    expect(await stream.status).toBe(200);
    await stream.waitFor((view) => view.surgery.id === surgery.id && view.active.length === 0);

    const jane = new Resident(test, 'msteams');
    const omar = new Resident(test, 'webchat');
    const priya = new Resident(test, 'directline');
    await jane.checksIn({
      name: 'Jane Smith',
      postcode: 'sw1a1aa',
      issue: 'Potholes on Mill Lane',
      contact: '07700 900123',
      accessNeeds: 'BSL interpreter',
    });
    await omar.checksIn({ name: 'Omar Farouk', postcode: 'SW1A 2AA', issue: 'Bin collections missed' });
    await priya.checksIn({ name: 'Priya', postcode: 'EC1A 1BB', issue: 'Noise from a late-night bar' });

    // Each resident gets one "your place" card with their place, an estimate and their lobby tag.
    const janePlace = jane.lastReceived()!;
    expect(textOf(janePlace.activity)).toContain('You are in the queue');
    expect(textOf(janePlace.activity)).toContain('Jane S · A1');
    expect(textOf(janePlace.activity)).toMatch(/1st: you are next/);
    expect(cardOf(janePlace.activity)!.actions[0]).toMatchObject({ title: 'Leave the queue', data: { action: 'leave' } });
    const omarPlace = omar.lastReceived()!;
    expect(textOf(omarPlace.activity)).toContain('Omar F · A2');
    expect(textOf(omarPlace.activity)).toContain('2nd');
    const priyaPlace = priya.lastReceived()!;
    expect(textOf(priyaPlace.activity)).toContain('Priya · A3');
    expect(textOf(priyaPlace.activity)).toContain('3rd');

    // The councillors' stream shows all three, in order, with what the tab needs.
    const live = await stream.waitFor((view) => view.active.length === 3);
    expect(live.active.map((r) => [r.lobbyTag, r.status, r.position, CHANNEL_NAMES[r.channel]])).toEqual([
      ['Jane S · A1', 'waiting', 1, 'Teams'],
      ['Omar F · A2', 'waiting', 2, 'Web chat'],
      ['Priya · A3', 'waiting', 3, 'Web chat'],
    ]);
    expect(live.active[0]).toMatchObject({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'Potholes on Mill Lane',
      accessNeeds: 'BSL interpreter',
      hasContact: true,
    });
    expect(Date.parse(live.active[0]!.checkedInAt)).not.toBeNaN();

    const callsBefore = test.connector.calls.length;
    const admitted = await test.api.admitNext(surgery.id);
    expect(admitted.status).toBe(200);
    expect(admitted.body.called.lobbyTag).toBe('Jane S · A1');
    await stream.waitFor((view) => view.active.find((r) => r.lobbyTag === 'Jane S · A1')?.status === 'called');

    // Jane gets a new message telling her to join the meeting as her lobby tag.
    const called = await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && c.method === 'POST' && textOf(c.activity).includes('It is your turn next'),
    );
    expect(textOf(called.activity)).toContain('Jane S · A1');
    expect(cardOf(called.activity)!.actions[0]).toMatchObject({ type: 'Action.OpenUrl', url: surgery.joinUrl });
    expect(textOf(called.activity)).toMatch(/within about 5 minutes/);
    // Her old place card no longer claims she is waiting.
    const janeClosed = await test.connector.waitFor((c) => c.conversationId === jane.conversationId && c.method === 'PUT');
    expect(janeClosed.activityId).toBe(janePlace.resultId);
    expect(textOf(janeClosed.activity)).toContain('You have been called');
    expect(cardOf(janeClosed.activity)!.actions).toBeUndefined();

    // Omar and Priya chat through Direct Line, which cannot update a message: each reads their new place in a new card,
    // and the bot never tries to update one there.
    const omarUpdate = await test.connector.waitFor(
      (c) => c.conversationId === omar.conversationId && test.connector.calls.indexOf(c) >= callsBefore,
    );
    expect(textOf(omarUpdate.activity)).toMatch(/1st: you are next/);
    const priyaUpdate = await test.connector.waitFor(
      (c) => c.conversationId === priya.conversationId && test.connector.calls.indexOf(c) >= callsBefore,
    );
    expect(textOf(priyaUpdate.activity)).toContain('2nd');
    await test.app.settled();
    const toWebChat = (c: { conversationId: string }) =>
      c.conversationId === omar.conversationId || c.conversationId === priya.conversationId;
    expect(
      test.connector.calls
        .slice(callsBefore)
        .filter(toWebChat)
        .map((c) => [c.conversationId, c.method]),
    ).toEqual([
      [omar.conversationId, 'POST'],
      [priya.conversationId, 'POST'],
    ]);
    expect(test.connector.failed).toEqual([]);
    // Nobody's message is shown as undelivered.
    expect((await test.api.queue(surgery.id)).active.filter((r) => r.lastMessage?.delivered === false)).toEqual([]);

    // The delivery of the call is recorded and shown.
    const recorded = await stream.waitFor((view) => view.active.find((r) => r.lobbyTag === 'Jane S · A1')?.lastMessage?.kind === 'called');
    expect(recorded.active[0]!.lastMessage).toMatchObject({ kind: 'called', delivered: true });
    stream.close();
  });

  it('When two councillors press Admit next at the same moment, then they call two different residents', async () => {
    const surgery = await test.api.openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] });
    for (const name of ['Ann Lee', 'Bob Ray', 'Cat Orr'])
      await new Resident(test).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });

    const [first, second] = await Promise.all([test.api.admitNext(surgery.id), test.api.admitNext(surgery.id)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.called.visitId).not.toBe(second.body.called.visitId);
    const view = await test.api.queue(surgery.id);
    expect(view.active.filter((r) => r.status === 'called')).toHaveLength(2);
    expect(view.active.filter((r) => r.status === 'waiting').map((r) => r.lobbyTag)).toEqual(['Cat O · A3']);
  });

  it('When the call to a resident cannot be delivered, then the tab shows it was not delivered', async () => {
    const surgery = await test.api.openSurgery();
    const sam = new Resident(test);
    await sam.checksIn({ name: 'Sam Hill', postcode: 'SW1A 1AA', issue: 'Street lighting' });
    // 403: the resident blocked the bot or removed the chat; not worth retrying.
    test.connector.fail(sam.conversationId, 403);

    await test.api.admitNext(surgery.id);
    await test.app.settled();

    const view = await test.api.queue(surgery.id);
    expect(view.active[0]).toMatchObject({ lobbyTag: 'Sam H · A1', status: 'called', lastMessage: { kind: 'called', delivered: false } });
  });

  it('When a resident types "leave", then they leave the queue and the people behind move up', async () => {
    const surgery = await test.api.openSurgery();
    const ann = new Resident(test);
    const bob = new Resident(test);
    await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    await bob.checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Trees' });
    const bobPlace = bob.lastReceived()!;

    await ann.says('Leave');
    expect(textOf(ann.lastReceived()!.activity)).toContain('You have left the queue');
    const update = await test.connector.waitFor((c) => c.conversationId === bob.conversationId && c.method === 'PUT');
    expect(update.activityId).toBe(bobPlace.resultId);
    expect(textOf(update.activity)).toMatch(/1st: you are next/);

    const view = await test.api.queue(surgery.id);
    expect(view.active.map((r) => r.lobbyTag)).toEqual(['Bob R · A2']);
    expect(view.finished.map((r) => [r.lobbyTag, r.status])).toEqual([['Ann L · A1', 'left']]);
  });

  it('When the Leave button on the place card is pressed, then the resident leaves', async () => {
    const surgery = await test.api.openSurgery();
    const ann = new Resident(test, 'webchat');
    await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    await ann.submits(cardOf(ann.lastReceived()!.activity)!.actions[0].data);
    expect(textOf(ann.lastReceived()!.activity)).toContain('You have left the queue');
    expect((await test.api.queue(surgery.id)).active).toEqual([]);
  });

  it('When a councillor marks joined, seen with an outcome, and no-show, then the queue records each', async () => {
    const surgery = await test.api.openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] });
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    await new Resident(test).checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Trees' });
    const ann = (await test.api.admitNext(surgery.id)).body.called;
    const bob = (await test.api.admitNext(surgery.id)).body.called;

    const joined = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${ann.visitId}/joined`);
    expect(joined.status).toBe(200);
    const seen = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${ann.visitId}/seen`, {
      outcome: 'Will report to Highways',
    });
    expect(seen.status).toBe(200);
    const noShow = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${bob.visitId}/no-show`);
    expect(noShow.status).toBe(200);

    const view = await test.api.queue(surgery.id);
    expect(view.active).toEqual([]);
    expect(view.finished.map((r) => [r.lobbyTag, r.status, r.outcome ?? null]).sort()).toEqual([
      ['Ann L · A1', 'seen', 'Will report to Highways'],
      ['Bob R · A2', 'no_show', null],
    ]);
    const again = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${ann.visitId}/no-show`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'VISIT.WRONG_STATE' });
  });

  it('When the councillor ends the surgery, then everyone still waiting is told honestly and marked not reached', async () => {
    const surgery = await test.api.openSurgery();
    const ann = new Resident(test);
    const bob = new Resident(test);
    await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    await bob.checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Trees' });
    await test.api.admitNext(surgery.id);
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${(await test.api.queue(surgery.id)).active[0]!.visitId}/joined`);

    const ended = await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);
    expect(ended.status).toBe(200);
    const told = await test.connector.waitFor(
      (c) =>
        c.conversationId === bob.conversationId &&
        c.method === 'POST' &&
        textOf(c.activity).includes('has ended before we could reach you'),
    );
    expect(told.activity.text).toContain('Bob R · A2');
    const view = await test.api.queue(surgery.id);
    expect(view.surgery.status).toBe('ended');
    expect(view.active.map((r) => [r.lobbyTag, r.status])).toEqual([['Ann L · A1', 'in_consultation']]);
    expect(view.finished.map((r) => [r.lobbyTag, r.status])).toEqual([['Bob R · A2', 'not_reached']]);

    const latecomer = new Resident(test);
    await latecomer.says('hi');
    expect(textOf(latecomer.lastReceived()!.activity)).toContain('There is no surgery open right now');
  });
});
