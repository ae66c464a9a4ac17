import type { QueueView, ResidentRow } from '../../bot/api-types';
import { cardOf, textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';

describe('Ending a consultation and messaging a waiting resident, over real HTTP with the recording connector', () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });

  afterEach(async () => {
    await test?.stop();
  });

  const visitPath = (surgeryId: string, visitId: string) => `/api/surgeries/${surgeryId}/visits/${visitId}`;

  async function calledResident(surgeryId: string, resident: Resident, name: string): Promise<ResidentRow> {
    await resident.checksIn({ name, postcode: 'SW1A 1AA', issue: 'Damp in my flat' });
    return (await test.api.admitNext(surgeryId)).body.called;
  }

  it('When a councillor records seen with outcome, topic and follow-up, then the resident gets a summary with a case reference and what happens next', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test, 'webchat');
    const row = await calledResident(surgery.id, jane, 'Jane Smith');
    await test.api.call('POST', `${visitPath(surgery.id, row.visitId)}/joined`);

    const seen = await test.api.call<QueueView>('POST', `${visitPath(surgery.id, row.visitId)}/seen`, {
      outcome: 'I will ask Housing to inspect the damp.',
      topic: 'housing',
      followUp: true,
    });
    expect(seen.status).toBe(200);
    const recorded = seen.body.finished[0]!;
    expect(recorded).toMatchObject({
      status: 'seen',
      outcome: 'I will ask Housing to inspect the damp.',
      topic: 'Housing repairs',
      followUp: true,
    });
    expect(recorded.caseReference).toMatch(/^SQ-[2-9A-Z]{4}$/);

    const summary = await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && c.method === 'POST' && textOf(c.activity).includes('Thank you for coming'),
    );
    const words = textOf(summary.activity);
    expect(words).toContain(recorded.caseReference);
    expect(words).toContain('Housing');
    expect(words).toContain('I will ask Housing to inspect the damp.');
    expect(words).toContain('Your councillor will follow this up');
    expect(cardOf(summary.activity)!.actions[0]).toMatchObject({
      title: 'Send answer',
      data: { action: 'feedback', visitId: row.visitId },
    });

    await test.app.settled();
    expect((await test.api.queue(surgery.id)).finished[0]!.lastMessage).toMatchObject({ kind: 'summary', delivered: true });
  });

  it('When the resident answers the summary card’s question in Teams, then that card is updated in place to thank them and no longer asks', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    const row = await calledResident(surgery.id, jane, 'Jane Smith');
    await test.api.call('POST', `${visitPath(surgery.id, row.visitId)}/seen`, { topic: 'housing' });
    const summary = await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && c.method === 'POST' && textOf(c.activity).includes('Thank you for coming'),
    );

    // Teams names the card whose button was pressed.
    await jane.send({ value: { ...cardOf(summary.activity)!.actions[0].data, listened: 'yes' }, replyToId: summary.resultId });

    const updated = jane.received.find((c) => c.method === 'PUT' && c.activityId === summary.resultId);
    const card = cardOf(updated!.activity)!;
    expect(JSON.stringify(card)).toContain('Thank you for answering our question.');
    expect(JSON.stringify(card)).toContain((await test.api.queue(surgery.id)).finished[0]!.caseReference!);
    expect(card.body.some((e: { type: string }) => e.type.startsWith('Input.'))).toBe(false);
    expect(card.actions ?? []).toEqual([]);
    expect(textOf(jane.lastReceived()!.activity)).toBe('Thank you. Your answer helps the council run better surgeries.');
  });

  it('When an older tab sends only an outcome note, then seen still works and the resident still gets a case reference', async () => {
    const surgery = await test.api.openSurgery();
    const omar = new Resident(test);
    const row = await calledResident(surgery.id, omar, 'Omar Farouk');

    const seen = await test.api.call<QueueView>('POST', `${visitPath(surgery.id, row.visitId)}/seen`, { outcome: 'Advice given' });
    expect(seen.status).toBe(200);
    expect(seen.body.finished[0]).toMatchObject({ outcome: 'Advice given', followUp: false });
    const summary = await test.connector.waitFor(
      (c) => c.conversationId === omar.conversationId && textOf(c.activity).includes('Thank you for coming'),
    );
    expect(textOf(summary.activity)).toContain('does not need to do anything more');
  });

  it.each([
    ['an unknown topic', { topic: 'potholes' }, 'topic'],
    ['a follow-up that is not true or false', { topic: 'waste', followUp: 'yes' }, 'followUp'],
    ['an outcome over 1,000 characters', { outcome: 'x'.repeat(1001) }, 'outcome'],
  ])(
    'When seen is sent with %s, then it is 400 with a field problem and the resident stays with the councillor',
    async (_, input, field) => {
      const surgery = await test.api.openSurgery();
      const row = await calledResident(surgery.id, new Resident(test), 'Ann Lee');

      const res = await test.api.call('POST', `${visitPath(surgery.id, row.visitId)}/seen`, input);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INPUT.INVALID', problems: [{ field }] });
      expect((await test.api.queue(surgery.id)).active[0]!.status).toBe('called');
    },
  );

  it('When a councillor sends a quick reply and their own words to a waiting resident, then the resident gets both, in order, and the tab shows each delivered', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking permits' });
    const visitId = (await test.api.queue(surgery.id)).active[0]!.visitId;

    const quick = await test.api.call<QueueView>('POST', `${visitPath(surgery.id, visitId)}/messages`, {
      quickReply: 'still_with_someone',
    });
    expect(quick.status).toBe(200);
    expect(quick.body.active[0]!.messages).toEqual([
      expect.objectContaining({ text: 'Still with someone — I won’t be long.', by: 'Councillor (local mode)' }),
    ]);
    expect(quick.body.active[0]!.messages![0]!.delivered).toBeUndefined();
    const own = await test.api.call<QueueView>('POST', `${visitPath(surgery.id, visitId)}/messages`, { text: 'Two people before you.' });
    expect(own.status).toBe(200);

    await test.app.settled();
    const sent = jane.received.filter((c) => c.method === 'POST' && textOf(c.activity).startsWith('Message from your councillor'));
    expect(sent.map((c) => c.activity.text)).toEqual([
      'Message from your councillor at the Abbey surgery: Still with someone — I won’t be long.',
      'Message from your councillor at the Abbey surgery: Two people before you.',
    ]);
    expect(sent.map((c) => c.activity.textFormat)).toEqual(['plain', 'plain']);
    const view = await test.api.queue(surgery.id);
    expect(view.active[0]!.messages!.map((m) => [m.text, m.delivered])).toEqual([
      ['Still with someone — I won’t be long.', true],
      ['Two people before you.', true],
    ]);
  });

  it('When a message cannot be delivered, then the tab shows that message as not delivered', async () => {
    const surgery = await test.api.openSurgery();
    const sam = new Resident(test);
    await sam.checksIn({ name: 'Sam Hill', postcode: 'SW1A 1AA', issue: 'Street lighting' });
    const visitId = (await test.api.queue(surgery.id)).active[0]!.visitId;
    test.connector.fail(sam.conversationId, 403);

    expect((await test.api.call('POST', `${visitPath(surgery.id, visitId)}/messages`, { quickReply: 'join_lobby_now' })).status).toBe(200);
    await test.app.settled();

    const row = (await test.api.queue(surgery.id)).active[0]!;
    expect(row.messages!.map((m) => [m.text, m.delivered])).toEqual([['Please join the lobby now.', false]]);
    expect(row.lastMessage).toMatchObject({ kind: 'message', delivered: false });
  });

  it.each([
    ['no text', {}, 'text'],
    ['an unknown quick reply', { quickReply: 'come_back_tomorrow' }, 'quickReply'],
    ['text over 500 characters', { text: 'x'.repeat(501) }, 'text'],
    ['text that is only control characters', { text: '\u0000\u0007' }, 'text'],
  ])('When a message is sent with %s, then it is 400 with a field problem and nothing is sent', async (_, input, field) => {
    const surgery = await test.api.openSurgery();
    const ann = new Resident(test);
    await ann.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    const visitId = (await test.api.queue(surgery.id)).active[0]!.visitId;
    const before = ann.received.length;

    const res = await test.api.call('POST', `${visitPath(surgery.id, visitId)}/messages`, input);
    expect(res).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID', problems: [{ field }] } });
    await test.app.settled();
    expect(ann.received).toHaveLength(before);
  });

  it('When a councillor messages a resident who is with them, then it is refused with 409', async () => {
    const surgery = await test.api.openSurgery();
    const row = await calledResident(surgery.id, new Resident(test), 'Ann Lee');
    await test.api.call('POST', `${visitPath(surgery.id, row.visitId)}/joined`);

    const res = await test.api.call('POST', `${visitPath(surgery.id, row.visitId)}/messages`, { quickReply: 'running_late' });
    expect(res).toMatchObject({ status: 409, body: { code: 'VISIT.WRONG_STATE' } });
  });
});

describe('"Did you feel listened to?" on the summary, over real HTTP', () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });

  afterEach(async () => {
    await test?.stop();
  });

  async function seenResident(surgeryId: string, name: string): Promise<{ resident: Resident; answerData: Record<string, unknown> }> {
    const resident = new Resident(test, 'webchat');
    await resident.checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });
    const { visitId } = (await test.api.admitNext(surgeryId)).body.called;
    await test.api.call('POST', `/api/surgeries/${surgeryId}/visits/${visitId}/seen`, { topic: 'parking', followUp: false });
    const summary = await test.connector.waitFor(
      (c) => c.conversationId === resident.conversationId && textOf(c.activity).includes('Thank you for coming'),
    );
    return { resident, answerData: cardOf(summary.activity)!.actions[0].data };
  }

  it('When residents answer, then each is thanked once, only their own chat can answer, and statistics show counts only from three answers', async () => {
    const surgery = await test.api.openSurgery();
    const ann = await seenResident(surgery.id, 'Ann Lee');

    await ann.resident.submits({ ...ann.answerData, listened: 'partly', comment: 'Felt a bit rushed.' });
    expect(textOf(ann.resident.lastReceived()!.activity)).toBe('Thank you. Your answer helps the council run better surgeries.');
    await ann.resident.submits({ ...ann.answerData, listened: 'yes' });
    expect(textOf(ann.resident.lastReceived()!.activity)).toBe('You have already answered. Thank you.');
    const stranger = new Resident(test, 'webchat');
    await stranger.submits({ ...ann.answerData, listened: 'no' });
    expect(textOf(stranger.lastReceived()!.activity)).toBe('Sorry, I could not find that visit.');
    await ann.resident.submits({ ...ann.answerData, listened: 'maybe' });
    expect(textOf(ann.resident.lastReceived()!.activity)).toBe('Choose yes, partly or no.');

    // The queue the councillors see never carries the answer.
    expect(JSON.stringify(await test.api.queue(surgery.id))).not.toMatch(/rushed|partly|feedback/i);
    expect((await test.api.call('GET', `/api/surgeries/${surgery.id}/summary`)).body.figures.listened).toBeUndefined();

    for (const [name, listened] of [
      ['Bob Ray', 'yes'],
      ['Cat Orr', 'no'],
    ] as const) {
      const { resident, answerData } = await seenResident(surgery.id, name);
      await resident.submits({ ...answerData, listened });
    }
    const figures = (await test.api.call('GET', `/api/surgeries/${surgery.id}/summary`)).body.figures;
    expect(figures.listened).toEqual({ answered: 3, yes: 1, partly: 1, no: 1, comments: ['Felt a bit rushed.'] });
  });
});

describe('Progress updates on an open case, over real HTTP', () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });

  afterEach(async () => {
    await test?.stop();
  });

  it('When a councillor posts updates on an open case after the surgery ended, then the resident is told each in their chat and the tab shows them delivered until the case is closed', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test, 'msteams');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Pothole on Mill Lane' });
    const { visitId } = (await test.api.admitNext(surgery.id)).body.called;
    const seen = await test.api.call<QueueView>('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/seen`, {
      topic: 'other',
      followUp: true,
    });
    const reference = seen.body.finished[0]!.caseReference!;
    await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);
    const path = `/api/surgeries/${surgery.id}/visits/${visitId}/case-updates`;

    const first = await test.api.call<QueueView>('POST', path, { text: 'I’ve raised this with Highways; reply expected by Friday.' });
    expect(first.status).toBe(200);
    expect(first.body.finished[0]).toMatchObject({
      followUp: true,
      caseOpen: true,
      caseUpdates: [{ text: 'I’ve raised this with Highways; reply expected by Friday.', closesCase: false }],
    });
    const last = await test.api.call<QueueView>('POST', path, { text: 'Highways will fill it on Monday.', closesCase: true });
    expect(last.body.finished[0]).toMatchObject({ followUp: false, caseOpen: false });

    await test.app.settled();
    const told = jane.received.filter((c) => c.method === 'POST' && textOf(c.activity).startsWith('Update on your case'));
    expect(told.map((c) => c.activity.text)).toEqual([
      `Update on your case ${reference} from your Abbey councillor: I’ve raised this with Highways; reply expected by Friday.`,
      `Update on your case ${reference} from your Abbey councillor: Highways will fill it on Monday. Your councillor has now closed this case.`,
    ]);
    const row = (await test.api.queue(surgery.id)).finished[0]!;
    expect(row.caseUpdates!.map((u) => u.delivered)).toEqual([true, true]);

    const closed = await test.api.call('POST', path, { text: 'One more thing' });
    expect(closed).toMatchObject({ status: 409, body: { code: 'VISIT.WRONG_STATE' } });
    const invalid = await test.api.call('POST', path, { text: '' });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID', problems: [{ field: 'text' }] } });
  });

  it('When the case needs no follow-up, then an update is refused', async () => {
    const surgery = await test.api.openSurgery();
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
    const { visitId } = (await test.api.admitNext(surgery.id)).body.called;
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/seen`, { topic: 'parking', followUp: false });

    const res = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/case-updates`, { text: 'Hello' });
    expect(res).toMatchObject({ status: 409, body: { code: 'VISIT.WRONG_STATE' } });
  });
});
