import type { Logger } from '../../bot/logger';
import { textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';
import { eventually } from '../support/patience';

const JANE = { name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight outside my house is broken.' };

/** The log lines the app writes, kept for the test to read. */
function keptLog(): { logger: Logger; lines: { message: string; details: Record<string, unknown> }[] } {
  const lines: { message: string; details: Record<string, unknown> }[] = [];
  const keep = (message: string, details: Record<string, unknown> = {}) => lines.push({ message, details });
  return { logger: { debug: keep, info: keep, error: keep }, lines };
}

describe('A storage outage', () => {
  let test: TestApp;
  let log: ReturnType<typeof keptLog>;

  async function start(): Promise<void> {
    log = keptLog();
    test = await startTestApp({
      storageProxy: true,
      logger: log.logger,
      env: { OUTBOX_LEASE_SECONDS: '2', SEND_TIMEOUT_SECONDS: '1', OUTBOX_POLL_MS: '100' },
    });
  }

  afterEach(async () => {
    test.storage!.set('up');
    await test.stop();
  });

  async function surgeryWithJane(): Promise<{ surgeryId: string; jane: Resident }> {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.checksIn(JANE);
    return { surgeryId: surgery.id, jane };
  }

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
