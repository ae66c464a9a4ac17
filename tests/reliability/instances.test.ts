import { RecordingConnector } from '../support/recording-connector';
import { ServerProcess, TwoInstances, startTwoInstances } from '../support/server-process';
import { EventStream, Resident, TabApi } from '../support/test-app';

describe('Two server instances on one storage account', () => {
  let both: TwoInstances;
  let a: ServerProcess;
  let b: ServerProcess;
  let connector: RecordingConnector;

  beforeAll(async () => {
    // Default stream polling (200 ms), as production runs it.
    both = await startTwoInstances();
    ({ a, b, connector } = both);
  });

  afterAll(async () => {
    await both?.stop();
  });

  it('When a resident checks in through one instance, then a tab streaming from the other sees each of them', async () => {
    const surgery = await new TabApi(a.url).openSurgery();
    const stream = new EventStream(`${b.url}/api/surgeries/${surgery.id}/stream`);
    await stream.waitFor((view) => view.surgery.status === 'open');

    for (const name of ['Ann Lee', 'Bob Ray', 'Cat Orr']) {
      const resident = new Resident({ app: a, connector });
      await resident.says('hello');
      const form = resident.lastReceived()!.activity.attachments[0].content;
      const before = stream.views.length;
      await resident.submits({ ...form.actions[0].data, name, postcode: 'SW1A 1AA', issue: 'Parking' });
      await stream.waitFor((view) => stream.views.indexOf(view) >= before && view.active.some((r) => r.name === name));
    }
    stream.close();
    await new TabApi(b.url).call('POST', `/api/surgeries/${surgery.id}/end`);
  });

  it('When 50 councillors press Admit next at once across both instances, then 50 different residents are called', async () => {
    const surgery = await new TabApi(a.url).openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode', 'Cllr Cy Dee'] });
    const names = Array.from({ length: 60 }, (_, i) => `Resident Number${i}`);
    for (let start = 0; start < names.length; start += 10) {
      await Promise.all(
        names
          .slice(start, start + 10)
          .map((name, i) =>
            new Resident({ app: i % 2 === 0 ? a : b, connector }).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' }),
          ),
      );
    }
    expect((await new TabApi(b.url).queue(surgery.id)).active).toHaveLength(60);

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => new TabApi(i % 2 === 0 ? a.url : b.url).admitNext(surgery.id)));

    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    const called = answers.map((r) => r.body.called.visitId);
    expect(new Set(called).size).toBe(50);
    const view = await new TabApi(a.url).queue(surgery.id);
    expect(
      view.active
        .filter((r) => r.status === 'called')
        .map((r) => r.visitId)
        .sort(),
    ).toEqual([...called].sort());
    expect(view.active.filter((r) => r.status === 'waiting')).toHaveLength(10);
  });
});
