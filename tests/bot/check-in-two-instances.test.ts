import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { RunningApp, startApp } from '../../bot/index';
import { silentLogger } from '../support/silent-logger';
import { cardOf, textOf } from '../support/recording-connector';
import { Resident, TabApi, TestApp, startTestApp } from '../support/test-app';

// An instance starts a check-in from the queue as it last saved it, without reading it. Another instance over the
// same tables may have changed the queue since: a check-in here must still be decided on the queue as it is now.
describe('A check-in on one instance while another instance changes the same queue', () => {
  let test: TestApp;
  let second: RunningApp | undefined;
  const counter = new RequestCounter();

  beforeEach(async () => {
    test = await startTestApp({ counter, env: { SURGERY_TICK_SECONDS: '600' } });
    second = await startApp(test.config, { logger: silentLogger });
  });

  afterEach(async () => {
    await second?.stop();
    await test?.stop();
  });

  const details = (name: string) => ({ name, postcode: 'SW1A 1AA', issue: 'Parking', contact: '' });

  /** The check-in form the resident was last sent, filled in, as Teams sends it back. */
  function filledForm(resident: Resident, name: string) {
    const form = resident.lastReceived()!;
    const card = cardOf(form.activity);
    expect(card?.actions?.[0]?.data).toMatchObject({ action: 'check_in' });
    return { value: { ...card!.actions[0].data, ...details(name) }, replyToId: form.resultId };
  }

  /**
   * An open surgery this instance has saved (Omar checked in here), and Jane with its check-in form filled in,
   * not sent yet.
   */
  async function janeHoldsAForm() {
    const surgery = await test.api.openSurgery();
    await new Resident(test).checksIn(details('Omar Farouk'));
    const jane = new Resident(test);
    await jane.says('hello');
    return { surgery, jane, form: filledForm(jane, 'Jane Smith') };
  }

  /** What the resident is told in answer to this message, all its replies in one text. */
  async function answerTo(resident: Resident, send: () => Promise<unknown>): Promise<string> {
    const before = resident.received.length;
    await send();
    return resident.received
      .slice(before)
      .map((call) => textOf(call.activity))
      .join('\n');
  }

  it('When the other instance ended the surgery after this one last saved it, then a form sent here is told the surgery is not open, and nobody is added', async () => {
    const { surgery, jane, form } = await janeHoldsAForm();

    const ended = await new TabApi(second!.url).call('POST', `/api/surgeries/${surgery.id}/end`, {});
    expect(ended.status).toBe(200);
    const answer = await answerTo(jane, () => jane.send(form));

    expect(answer).toMatch(/That surgery is not open now, so I could not check you in/);
    const view = await test.api.queue(surgery.id);
    expect([...view.active, ...view.finished].map((row) => row.name)).not.toContain('Jane Smith');
  });

  it('When residents checked in through the other instance meanwhile, then a check-in here joins behind them: every resident once, each with their own ticket', async () => {
    const { surgery, jane, form } = await janeHoldsAForm();

    for (const name of ['Priya Patel', 'Tom Jones'])
      await new Resident({ app: second!, connector: test.connector }).checksIn(details(name));
    await jane.send(form);

    expect(textOf(jane.lastReceived()!.activity)).toContain('Your place');
    expect(textOf(jane.lastReceived()!.activity)).toContain('4th');
    const active = (await test.api.queue(surgery.id)).active;
    expect(active.map((row) => row.name)).toEqual(['Omar Farouk', 'Priya Patel', 'Tom Jones', 'Jane Smith']);
    expect(new Set(active.map((row) => row.lobbyTag)).size).toBe(4);
  });

  it('When a form was sent through the other instance and is sent again here, then the resident is told they are already in the queue, and is in it once', async () => {
    const { surgery, jane, form } = await janeHoldsAForm();

    await jane.through({ app: second!, connector: test.connector }).send(form);
    expect((await test.api.queue(surgery.id)).active.filter((row) => row.name === 'Jane Smith')).toHaveLength(1);

    const answer = await answerTo(jane, () => jane.send(form));
    expect(answer).toMatch(/You are already in a queue/);
    expect((await test.api.queue(surgery.id)).active.filter((row) => row.name === 'Jane Smith')).toHaveLength(1);
  });

  it('When nothing else changed the queue, then a check-in on the instance that saved it last costs 2 storage requests, reading no surgery row', async () => {
    await test.api.openSurgery();
    for (const name of ['Omar Farouk', 'Priya Patel']) await new Resident(test).checksIn(details(name));
    const jane = new Resident(test);
    await jane.says('hello');
    const form = filledForm(jane, 'Jane Smith');

    await test.app.settled();
    counter.reset();
    await jane.send(form);
    const polled = counter.byTable.get('outboxwork')?.requests ?? 0;

    expect(textOf(jane.lastReceived()!.activity)).toContain('Your place');
    expect(counter.requests - polled).toBe(2);
    expect(counter.byTable.get('surgeries')?.rowsRead ?? 0).toBe(0);
  });
});
