import type { QueueView } from '../../bot/api-types';
import { ConfigError, loadConfig } from '../../bot/config';
import { FakeNotify } from '../support/fake-notify';
import { textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const MINUTE = 60_000;
// Saturday 5 December 2026, 6pm in London; the surgery is on Monday 7 December at 6pm.
const SATURDAY = Date.parse('2026-12-05T18:00:00.000Z');
const MONDAY = '2026-12-07T18:00:00.000Z';
const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';

describe('Opening on the day only, and breaks', () => {
  let notify: FakeNotify;
  let test: TestApp;
  // The server's clock runs from whatever moment a test sets, so times of day are known.
  let shift = 0;
  const setClock = (at: number) => {
    shift = at - Date.now();
  };

  beforeEach(async () => {
    setClock(SATURDAY);
    notify = await new FakeNotify().start();
    test = await startTestApp({
      notify,
      clock: () => new Date(Date.now() + shift),
      env: { OUTBOX_RETRY_BASE_MS: '10', OUTBOX_POLL_MS: '50' },
    });
  });

  afterEach(async () => {
    await test?.stop();
    await notify?.stop();
  });

  const plan = async (startsAt: string) => {
    const created = await test.api.call('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: JOIN,
      councillors: ['Cllr Ada Khan'],
      startsAt,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const open = (surgeryId: string, body?: unknown) => test.api.call('POST', `/api/surgeries/${surgeryId}/open`, body);

  it('When a councillor opens a surgery before its day, then they are asked first and told which day it is; on the day it opens from 30 minutes before its start', async () => {
    const monday = await plan(MONDAY);
    const early = await open(monday);
    expect([early.status, early.body]).toEqual([
      409,
      { code: 'SURGERY.TOO_EARLY', message: 'This surgery is on Monday 7 December. Open it now?' },
    ]);
    expect((await test.api.queue(monday)).surgery.status).toBe('scheduled');

    setClock(Date.parse(MONDAY) - 31 * MINUTE);
    const sameDay = await open(monday);
    expect([sameDay.status, sameDay.body.message]).toEqual([409, 'This surgery starts at 6pm today. Open it now?']);
    setClock(Date.parse(MONDAY) - 30 * MINUTE);
    expect((await open(monday)).body.surgery.status).toBe('open');

    setClock(SATURDAY);
    const tuesday = await plan('2026-12-08T18:00:00.000Z');
    expect((await open(tuesday, { confirmEarly: true })).body.surgery.status).toBe('open');
  });

  it('When OPEN_EARLY_MINUTES is not a whole number of minutes up to 720, then the server refuses to start and says so', () => {
    for (const value of ['abc', '-5', '721']) {
      expect(() => loadConfig({ LOCAL_MODE: 'true', OPEN_EARLY_MINUTES: value })).toThrow(ConfigError);
    }
    expect(loadConfig({ LOCAL_MODE: 'true', OPEN_EARLY_MINUTES: '60' }).queue.openEarlyMinutes).toBe(60);
  });

  it('When the councillors take a break, then estimates move past it, residents are told when they will be back, nobody is called, and all are told again when they resume', async () => {
    setClock(Date.parse(MONDAY));
    const surgery = await plan(MONDAY);
    expect((await open(surgery)).status).toBe(200);
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes', contact: 'jane@example.com' });
    const before = (await test.api.queue(surgery)).active[0]!;

    const paused = await test.api.call<QueueView>('POST', `/api/surgeries/${surgery}/pause`, { minutes: 20 });
    expect(paused.status).toBe(200);
    const until = paused.body.surgery.onBreak!.until;
    expect(Date.parse(until) - Date.parse(paused.body.surgery.onBreak!.since)).toBe(20 * MINUTE);
    const during = paused.body.active[0]!;
    expect(Date.parse(during.estimatedAdmitAt!)).toBeGreaterThanOrEqual(Date.parse(until));
    expect(Date.parse(during.estimatedAdmitAt!)).toBeGreaterThan(Date.parse(before.estimatedAdmitAt!));

    const told = await test.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('short break'),
    );
    expect(textOf(told.activity)).toBe(
      'The councillors at the Castle surgery are taking a short break until about 6:20pm. You keep your place as "Jane S · A1". Your estimated time has moved on by the break, and we will tell you when they are back.',
    );
    const email = await notify.waitFor((s) => s.kind === 'email' && s.to === 'jane@example.com' && s.subject!.includes('break'));
    expect(email.subject).toBe('A short break at the Castle ward surgery');

    const admit = await test.api.call('POST', `/api/surgeries/${surgery}/admit-next`);
    expect([admit.status, admit.body.code]).toEqual([409, 'SURGERY.ON_BREAK']);
    expect((await test.api.call('POST', `/api/surgeries/${surgery}/pause`, { minutes: 10 })).body.code).toBe('SURGERY.ON_BREAK');
    for (const minutes of [0, 121, 'ten', 2.5]) {
      const bad = await test.api.call('POST', `/api/surgeries/${surgery}/pause`, { minutes });
      expect([bad.status, bad.body.code]).toEqual([400, 'INPUT.INVALID']);
    }

    const resumed = await test.api.call<QueueView>('POST', `/api/surgeries/${surgery}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.surgery.onBreak).toBeUndefined();
    await test.connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('back from their break'));
    expect((await test.api.admitNext(surgery)).body.called.lobbyTag).toBe('Jane S · A1');
    expect((await test.api.call('POST', `/api/surgeries/${surgery}/resume`)).body.code).toBe('SURGERY.NOT_ON_BREAK');
  });
});
