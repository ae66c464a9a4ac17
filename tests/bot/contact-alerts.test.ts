import type { ResidentRow } from '../../bot/api-types';
import type { FakeNotify } from '../support/fake-notify';
import { textOf } from '../support/recording-connector';
import { joiningTextMessage } from '../../bot/domain/joining-advice';
import { appWithNotify, Resident, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const JANE = '+447700900123';
const OMAR = '+447700900456';

describe('Residents who gave a mobile number hear what matters most by text too', () => {
  // Ticks only when the test says.
  const withNotify = appWithNotify({ env: { SURGERY_TICK_SECONDS: '600' } });
  let notify: FakeNotify;
  let test: TestApp;

  beforeEach(() => {
    ({ notify, test } = withNotify);
  });

  const textsTo = (number: string) => notify.sent.filter((s) => s.kind === 'sms' && s.to === number).map((s) => s.content);
  const row = async (surgeryId: string, lobbyTag: string): Promise<ResidentRow> => {
    const view = await test.api.queue(surgeryId);
    return [...view.active, ...view.finished].find((r) => r.lobbyTag === lobbyTag)!;
  };

  it('When residents are nearly due and then called, then each gets a text as well as any chat message, and a resident with no chat gets texts alone, once, even when Notify fails once', async () => {
    const start = new Date();
    const surgery = await test.api.openSurgery({
      ward: 'Castle',
      councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'],
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 58 * MINUTE).toISOString(),
    });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The bins were not collected', contact: '07700 900123' });
    // Omar rang the council: a councillor adds him by hand, with the mobile he gave. He has no chat.
    const added = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Omar Khan',
      postcode: 'SW1A 1AA',
      issue: 'Parking outside the school',
      phone: '07700 900456',
    });
    expect(added.status).toBe(201);
    await test.app.settled();

    // Two councillors, two residents: both are due now.
    await test.app.tick();
    await test.app.settled();
    const nearly = (tag: string) =>
      `Surgery Queue: it is nearly your turn at Castle ward surgery. Join: ${surgery.joinUrl}. Your lobby tag is ${tag}. ${joiningTextMessage(undefined)}`;
    expect(textsTo(JANE)).toEqual([nearly('Jane S · A1')]);
    expect(jane.received.filter((c) => c.method === 'POST' && textOf(c.activity).includes('It is nearly your turn'))).toHaveLength(1);
    expect(textsTo(OMAR)).toEqual([nearly('Omar K · A2')]);
    // Omar's only message reached him, and the tab says so.
    expect((await row(surgery.id, 'Omar K · A2')).lastMessage).toMatchObject({ kind: 'alert', delivered: true });

    const called = (tag: string) =>
      `Surgery Queue: it is your turn at Castle ward surgery. Join now: ${surgery.joinUrl}. Your lobby tag is ${tag}. ${joiningTextMessage(undefined)}`;
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    await test.app.settled();
    expect(textsTo(JANE)).toEqual([nearly('Jane S · A1'), called('Jane S · A1')]);

    notify.failNext(500);
    expect((await test.api.admitNext(surgery.id)).status).toBe(200);
    await test.app.settled();
    expect(textsTo(OMAR)).toEqual([nearly('Omar K · A2'), called('Omar K · A2')]);
    expect(notify.requests.filter((r) => r.body.phone_number === OMAR).map((r) => r.status)).toEqual([201, 500, 201]);
    expect((await row(surgery.id, 'Omar K · A2')).lastMessage).toMatchObject({ kind: 'called', delivered: true });
  });

  it('When a councillor updates the case of a resident with no chat, then the update reaches them by text and the tab shows it was delivered', async () => {
    const surgery = await test.api.openSurgery({ ward: 'Castle' });
    const added = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Omar Khan',
      postcode: 'SW1A 1AA',
      issue: 'Parking outside the school',
      phone: '07700 900456',
    });
    const visitId = added.body.added.visitId as string;
    await test.api.admitNext(surgery.id);
    const seen = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/seen`, {
      outcome: 'Will ask Highways about a school zone.',
      followUp: true,
    });
    expect(seen.status).toBe(200);
    const reference = (await row(surgery.id, 'Omar K · A1')).caseReference!;

    const update = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/case-updates`, {
      text: 'Highways will paint a school zone by Friday.',
      closesCase: true,
    });
    expect(update.status).toBe(200);
    await test.app.settled();

    expect(textsTo(OMAR).slice(-1)).toEqual([
      `Surgery Queue: update on your case ${reference} from your Castle ward councillor: Highways will paint a school zone by Friday. Your councillor has now closed this case.`,
    ]);
    expect((await row(surgery.id, 'Omar K · A1')).caseUpdates).toEqual([
      expect.objectContaining({ text: 'Highways will paint a school zone by Friday.', delivered: true }),
    ]);
  });
});
