import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { cardOf, textOf } from '../support/recording-connector';
import { seedHistory } from '../support/history';
import { Resident, TestApp, startTestApp } from '../support/test-app';

// Storage requests one resident's messages cost, counted as the Table service answers them. History must
// not show in them: the same with no past surgeries as with many.
const PAST_SURGERIES = 30;
const VISITS_EACH = 15;
const OPEN_SURGERIES = 20;
// The form to the place card: the queue read once (not at all on the instance that saved it last), the chat saved
// unread (it is as the form found it), and the check-in saved in one transaction with the place card, which in Teams
// takes the form's place in the chat. Web Chat, which cannot update a card, never needs the card's activity, so
// there it costs the same.
const SUBMIT_REQUESTS = 3;
const AT_ONCE = 8;
const WAITING = 20;

describe('What a check-in costs in storage', () => {
  let test: TestApp;
  const counter = new RequestCounter();

  beforeEach(async () => {
    // The ticker looks at open surgeries as time passes; it is no part of a resident's message.
    test = await startTestApp({ counter, env: { SURGERY_TICK_SECONDS: '600' } });
  });

  afterEach(async () => {
    await test?.stop();
  });

  /** Requests a resident's message caused, apart from the outbox sender's look for work. */
  async function requestsFor(send: () => Promise<unknown>): Promise<number> {
    await test.app.settled();
    counter.reset();
    await send();
    const polled = counter.byTable.get('outboxwork');
    return counter.requests - (polled?.requests ?? 0);
  }

  /** `chosen`: the form asks which surgery, and the resident chose this one. */
  async function submitCost(resident: Resident, surgeryId: string, chosen = false): Promise<number> {
    const sent = resident.lastReceived()!;
    const form = cardOf(sent.activity);
    expect(form?.actions?.[0]?.data).toMatchObject({ action: 'check_in', ...(chosen ? {} : { surgeryId }) });
    const choice = chosen ? { surgeryId } : {};
    const value = { ...form!.actions[0].data, ...choice, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking', contact: '' };
    // As each channel sends a card's submit: Teams with the card's id, Web Chat without.
    const submit = await requestsFor(() =>
      resident.send(resident.channelId === 'msteams' ? { value, replyToId: sent.resultId } : { value }),
    );
    const reply = resident.lastReceived()!;
    expect(textOf(reply.activity)).toContain('Your place');
    expect(reply).toMatchObject(resident.channelId === 'msteams' ? { method: 'PUT', activityId: sent.resultId } : { method: 'POST' });
    expect((await test.api.queue(surgeryId)).active.length).toBeGreaterThan(0);
    return submit;
  }

  async function checkInCost(surgeryId: string, channel: 'msteams' | 'webchat' = 'msteams'): Promise<{ hello: number; submit: number }> {
    const resident = new Resident(test, channel);
    const hello = await requestsFor(() => resident.says('hello'));
    return { hello, submit: await submitCost(resident, surgeryId) };
  }

  it(`When ${PAST_SURGERIES} past surgeries of ${VISITS_EACH} visits each are stored, then "hello" to the form costs at most 2 requests and the form to the place card at most ${SUBMIT_REQUESTS} in Teams and in Web Chat, as with none`, async () => {
    const surgery = await test.api.openSurgery();
    const before = await checkInCost(surgery.id);

    const storage = await createTableStorage({
      connectionString: test.azurite.connectionString,
      tablePrefix: test.config.storage.tablePrefix,
      allowInsecureConnection: true,
    });
    await seedHistory(storage, PAST_SURGERIES, VISITS_EACH);
    const after = await checkInCost(surgery.id);
    const webChat = await checkInCost(surgery.id, 'webchat');

    expect(before.hello).toBeLessThanOrEqual(2);
    expect(before.submit).toBeLessThanOrEqual(SUBMIT_REQUESTS);
    expect(after).toEqual(before);
    expect(webChat.hello).toBeLessThanOrEqual(2);
    expect(webChat.submit).toBeLessThanOrEqual(SUBMIT_REQUESTS);
  });

  it(`When ${OPEN_SURGERIES} surgeries are open, then "hello" brings the form that asks which in at most 2 requests, and the form costs at most ${SUBMIT_REQUESTS}, as with one`, async () => {
    const surgeries = [];
    for (let i = 0; i < OPEN_SURGERIES; i++) surgeries.push(await test.api.openSurgery());
    const chosen = surgeries[OPEN_SURGERIES - 1]!;
    const jane = new Resident(test);

    const hello = await requestsFor(() => jane.says('hello'));
    const form = cardOf(jane.lastReceived()!.activity)!;
    const choice = JSON.stringify(form.body);
    for (const surgery of surgeries) expect(choice).toContain(`"value":"${surgery.id}"`);

    expect(hello).toBeLessThanOrEqual(2);
    expect(await submitCost(jane, chosen.id, true)).toBeLessThanOrEqual(SUBMIT_REQUESTS);
    expect((await test.api.queue(chosen.id)).active.map((row) => row.name)).toEqual(['Jane Smith']);
  });

  it(`When ${AT_ONCE} residents send their check-in forms to one surgery at once, then each is in the queue once and together they cost no more than ${AT_ONCE} check-ins one after another`, async () => {
    const surgery = await test.api.openSurgery();
    const residents = Array.from({ length: AT_ONCE }, () => new Resident(test));
    for (const resident of residents) await resident.says('hello');
    const forms = residents.map((resident) => resident.lastReceived()!);

    const requests = await requestsFor(() =>
      Promise.all(
        residents.map((resident, i) => {
          const form = cardOf(forms[i]!.activity)!;
          const value = { ...form.actions[0].data, name: `Resident ${i}`, postcode: 'SW1A 1AA', issue: 'Parking', contact: '' };
          return resident.send({ value, replyToId: forms[i]!.resultId });
        }),
      ),
    );

    expect(requests).toBeLessThanOrEqual(AT_ONCE * SUBMIT_REQUESTS);
    for (const resident of residents) expect(textOf(resident.lastReceived()!.activity)).toContain('Your place');
    const names = (await test.api.queue(surgery.id)).active.map((row) => row.name).sort();
    expect(names).toEqual(residents.map((_, i) => `Resident ${i}`).sort());
  });

  it(`When ${WAITING} residents are waiting, then the next check-in on the instance that saved their queue reads none of it: not their visits, not even the surgery's row`, async () => {
    const surgery = await test.api.openSurgery();
    for (let i = 0; i < WAITING; i++)
      await new Resident(test).checksIn({ name: `Resident ${i}`, postcode: 'SW1A 1AA', issue: 'Parking', contact: '' });
    expect((await test.api.queue(surgery.id)).active).toHaveLength(WAITING);

    const jane = new Resident(test);
    await jane.says('hello');
    const form = jane.lastReceived()!;
    const value = { ...cardOf(form.activity)!.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking', contact: '' };
    const submit = await requestsFor(() => jane.send({ value, replyToId: form.resultId }));
    const rowsRead = counter.byTable.get('surgeries')?.rowsRead ?? 0;

    expect(textOf(jane.lastReceived()!.activity)).toContain('Your place');
    expect(submit).toBeLessThanOrEqual(SUBMIT_REQUESTS - 1);
    expect(rowsRead).toBe(0);
  });

  it(`When several surgeries are open and a surgery's page asks for its form with ${WAITING} waiting, then that reads the surgery's row and the chat, not the residents`, async () => {
    const surgery = await test.api.openSurgery();
    for (let i = 0; i < WAITING; i++)
      await new Resident(test).checksIn({ name: `Resident ${i}`, postcode: 'SW1A 1AA', issue: 'Parking', contact: '' });
    await test.api.openSurgery();
    const jane = new Resident(test, 'directline');

    // What the surgery's page sends when its web chat starts.
    const choose = await requestsFor(() => jane.submits({ action: 'choose_surgery', surgeryId: surgery.id }));
    expect(cardOf(jane.lastReceived()!.activity)?.actions?.[0]?.data).toMatchObject({ action: 'check_in', surgeryId: surgery.id });
    expect(choose).toBeLessThanOrEqual(2);
    expect(counter.byTable.get('surgeries')).toEqual({ requests: 1, rowsRead: 1 });
  });

  it('When a resident in the queue says hello again, then their place is found through their chat, reading one queue', async () => {
    const surgery = await test.api.openSurgery();
    await test.api.openSurgery();
    await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.says('hello');
    const form = cardOf(jane.lastReceived()!.activity)!;
    await jane.submits({
      ...form.actions[0].data,
      surgeryId: surgery.id,
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'Parking',
      contact: '',
    });

    // The surgeries open now, then Jane's queue alone, whichever of them she is in, and the new card kept beside it.
    await requestsFor(() => jane.says('hello'));
    expect(counter.byTable.get('surgeryindex')).toEqual({ requests: 1, rowsRead: 3 });
    expect(counter.byTable.get('surgeries')?.requests).toBe(2);
    expect(counter.byTable.get('chats')?.requests).toBe(1);
    expect(JSON.stringify(jane.lastReceived()!.activity)).toContain('Jane S');
  });
});
