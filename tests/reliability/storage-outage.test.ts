import { ACTION_KEY_HEADER, STORAGE_UNAVAILABLE } from '../../bot/api-types';
import { loadConfig } from '../../bot/config';
import type { Logger } from '../../bot/logger';
import { STORAGE_DOWN, STORAGE_TIMEOUT } from '../../bot/storage/tables/outage-watch';
import { textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';
import { eventually } from '../support/patience';

const JANE = { name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight outside my house is broken.' };
const TRY_AGAIN = "Sorry, we can't reach the queue just now. Please send that again in a moment.";
/** A change's one transaction: the request that saves the queue and what it promises residents. */
const SAVE = /^POST \S*\$batch/;
/** What the tab and the bot are promised: an answer within 3 s while storage is down. */
const PROMISED_MS = 3000;

/** The log lines the app writes, kept for the test to read. */
function keptLog(): { logger: Logger; lines: { message: string; details: Record<string, unknown> }[] } {
  const lines: { message: string; details: Record<string, unknown> }[] = [];
  const keep = (message: string, details: Record<string, unknown> = {}) => lines.push({ message, details });
  return { logger: { debug: keep, info: keep, error: keep }, lines };
}

describe('A storage outage', () => {
  let test: TestApp;

  const turnsTo = (resident: Resident) =>
    test.connector.to(resident.conversationId).filter((c) => c.method === 'POST' && textOf(c.activity).includes('It is your turn next'));
  let log: ReturnType<typeof keptLog>;

  /** Storage calls are given production's own limit: that limit is what the promise rests on. */
  async function start(): Promise<void> {
    log = keptLog();
    test = await startTestApp({
      storageProxy: true,
      logger: log.logger,
      env: {
        OUTBOX_LEASE_SECONDS: '2',
        SEND_TIMEOUT_SECONDS: '1',
        OUTBOX_POLL_MS: '100',
        STORAGE_CALL_TIMEOUT_MS: String(productionLimitMs()),
      },
    });
  }

  const productionLimitMs = () => loadConfig({ LOCAL_MODE: 'true' }).storage.callTimeoutMs;

  afterEach(async () => {
    test.storage!.set('up');
    await test.stop();
  });

  async function surgeryWithJane(): Promise<{ surgeryId: string; visitId: string; jane: Resident }> {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.checksIn(JANE);
    const [row] = (await test.api.queue(surgery.id)).active;
    return { surgeryId: surgery.id, visitId: row!.visitId, jane };
  }

  /** Every read and change the tab makes to a surgery, with a body it would send. */
  const tabActions = (surgeryId: string, visitId: string): [string, string, unknown?][] => [
    ['GET', '/api/surgeries'],
    [
      'POST',
      '/api/surgeries',
      { ward: 'Abbey', joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0', councillors: ['Cllr Ada Khan'] },
    ],
    ['GET', `/api/surgeries/${surgeryId}/queue`],
    ['GET', `/api/surgeries/${surgeryId}/summary`],
    ['GET', `/api/surgeries/${surgeryId}/follow-ups`],
    ['POST', `/api/surgeries/${surgeryId}/open`],
    ['POST', `/api/surgeries/${surgeryId}/admit-next`],
    [
      'POST',
      `/api/surgeries/${surgeryId}/visits`,
      { name: 'Mary Jones', postcode: 'SW1A 1AA', issue: 'Bins not collected', phone: '01632 960123', noPhone: false },
    ],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/admit`],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/joined`],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/messages`, { text: 'We are running ten minutes late.' }],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/seen`, { outcome: 'Raised with highways, case HW-4471' }],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/case-updates`, { text: 'Highways will reply by Friday.' }],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/no-show`],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/not-reached`],
    ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/follow-up-done`],
    ['POST', `/api/surgeries/${surgeryId}/end`],
  ];

  it.each([
    ['stops answering', 'blackhole', STORAGE_TIMEOUT],
    ['refuses every connection', 'refusing', 'ECONNRESET'],
  ] as const)(
    'When storage %s, then every tab action is answered 503 STORAGE.UNAVAILABLE within the limit on a storage call, and the bot asks the resident to send that again',
    async (_how, line, firstSign) => {
      await start();
      const { surgeryId, visitId, jane } = await surgeryWithJane();
      // The server's own bound on a call to storage, retries included, is what answers within the promise.
      expect(test.config.storage.callTimeoutMs).toBeLessThan(PROMISED_MS);

      test.storage!.set(line);
      const actions = tabActions(surgeryId, visitId);
      for (const [method, path, body] of actions) {
        const answer = await test.api.call(method, path, body);
        expect([method, path, answer.status, answer.body.code]).toEqual([method, path, 503, STORAGE_UNAVAILABLE]);
      }
      const before = jane.received.length;
      expect(await jane.says('leave')).toBe(200);
      expect(jane.received.slice(before).map((call) => textOf(call.activity))).toEqual([TRY_AGAIN]);

      // Each request ended at its first failed call to storage: one that got no answer within the limit, or was
      // refused through its quick retries, or one that found storage already known to be down. Which of the last two
      // a request meets depends on whether another call was finding out at that moment (one request at a time, as
      // here, is itself the one let through), so only the first is certain; outage-watch.test.ts shows the rest.
      const failures = log.lines.filter((l) => l.message === 'request failed').map((l) => l.details.errorCode);
      expect(failures).toHaveLength(actions.length);
      expect(failures.filter((code) => code !== firstSign && code !== STORAGE_DOWN)).toEqual([]);
      expect(failures).toContain(firstSign);
    },
  );

  it.each([
    ['stopped answering', 'blackhole'],
    ['refused every connection', 'refusing'],
  ] as const)('When storage that %s comes back, then the next admit calls the resident without a restart, once', async (_how, line) => {
    await start();
    const { surgeryId, visitId, jane } = await surgeryWithJane();
    test.storage!.set(line);
    // Enough failed requests for storage to be known as down, so coming back is found by a call let through.
    for (let attempt = 0; attempt < 4; attempt++) expect((await test.api.admitNext(surgeryId)).status).toBe(503);

    test.storage!.set('up');
    const admitted = await test.api.admitNext(surgeryId);
    expect(admitted.status).toBe(200);
    expect(admitted.body.called).toMatchObject({ visitId, status: 'called' });
    await eventually(
      async () => (await test.api.queue(surgeryId)).active?.[0]?.lastMessage?.delivered === true,
      'the call was recorded as delivered',
    );
    const turns = test.connector
      .to(jane.conversationId)
      .filter((c) => c.method === 'POST' && textOf(c.activity).includes('It is your turn next'));
    expect(turns).toHaveLength(1);
  });

  describe('when the answer to a change is lost after storage applied it', () => {
    const KEY = 'retry-0123456789abcdef';

    /** Sends the action with the tab's key until it is answered other than 503, as the tab does while the outcome is unknown. */
    async function untilAnswered(path: string, body?: unknown) {
      for (let attempt = 1; ; attempt++) {
        const answer = await test.api.call('POST', path, body, { [ACTION_KEY_HEADER]: KEY });
        if (answer.status !== 503 || attempt >= 20) return answer;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    it('When the answer to "Admit next" is lost and the councillor tries again with the same key, then one resident is called and told once', async () => {
      await start();
      const { surgeryId, visitId, jane } = await surgeryWithJane();
      const sam = new Resident(test);
      await sam.checksIn({ ...JANE, name: 'Sam Green' });
      await test.app.settled();

      test.storage!.loseAnswerTo(SAVE);
      const first = await test.api.call('POST', `/api/surgeries/${surgeryId}/admit-next`, undefined, { [ACTION_KEY_HEADER]: KEY });
      expect([first.status, first.body.code]).toEqual([503, STORAGE_UNAVAILABLE]);
      const retried = await untilAnswered(`/api/surgeries/${surgeryId}/admit-next`);

      expect(retried.status).toBe(200);
      expect(retried.body.called).toMatchObject({ visitId, status: 'called' });
      await test.app.settled();
      const { active } = await test.api.queue(surgeryId);
      expect(active.filter((row: { status: string }) => row.status === 'called').map((row: { visitId: string }) => row.visitId)).toEqual([
        visitId,
      ]);
      expect(turnsTo(jane)).toHaveLength(1);
      expect(turnsTo(sam)).toEqual([]);
    });

    it('When the answer to a message is lost and the councillor tries again with the same key, then the resident gets it once', async () => {
      await start();
      const { surgeryId, visitId, jane } = await surgeryWithJane();
      await test.app.settled();

      test.storage!.loseAnswerTo(SAVE);
      const path = `/api/surgeries/${surgeryId}/visits/${visitId}/messages`;
      const first = await test.api.call('POST', path, { text: 'We are running ten minutes late.' }, { [ACTION_KEY_HEADER]: KEY });
      expect(first.status).toBe(503);
      expect((await untilAnswered(path, { text: 'We are running ten minutes late.' })).status).toBe(200);
      await test.app.settled();

      const late = test.connector.to(jane.conversationId).filter((c) => textOf(c.activity).includes('ten minutes late'));
      expect(late).toHaveLength(1);
    });

    it('When an action carries a key that is too short or has other characters, then it is refused with 400 and changes nothing', async () => {
      await start();
      const { surgeryId } = await surgeryWithJane();
      for (const key of ['short', 'has spaces in it, sixteen+', 'x'.repeat(65)]) {
        const answer = await test.api.call('POST', `/api/surgeries/${surgeryId}/admit-next`, undefined, { [ACTION_KEY_HEADER]: key });
        expect([answer.status, answer.body.code]).toEqual([400, 'INPUT.INVALID']);
      }
      expect((await test.api.queue(surgeryId)).active.map((row: { status: string }) => row.status)).toEqual(['waiting']);
    });
  });

  it('When storage fails just after a resident was sent their call, then once it is back the call is recorded as delivered and never sent again', async () => {
    await start();
    const { surgeryId, jane } = await surgeryWithJane();
    const calls = () =>
      test.connector.calls.filter(
        (c) => c.conversationId === jane.conversationId && c.method === 'POST' && textOf(c.activity).includes('It is your turn next'),
      );
    // The channel has the message; storage goes before "sent" can be recorded, for longer than the 2-second lease.
    test.connector.onAccepted = (call) => {
      if (calls().includes(call)) test.storage!.set('refusing');
    };
    expect((await test.api.admitNext(surgeryId)).status).toBe(200);
    await eventually(() => calls().length === 1, 'the call reached the resident');
    await eventually(() => log.lines.some((l) => l.message === 'background work failed'), 'recording failed');
    // Past the lease: the moment another round of sending would have taken the message again.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    test.storage!.set('up');
    await eventually(
      async () => (await test.api.queue(surgeryId)).active?.[0]?.lastMessage?.delivered === true,
      'the call was recorded as delivered',
    );
    // A repeated send would come within the lease and a poll or two.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(calls()).toHaveLength(1);
  });
});
