import { RunningApp, startApp } from '../../bot/index';
import { silentLogger } from '../support/silent-logger';
import type { OutboxEntry } from '../../bot/storage/ports';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { mostInAnyWindow, textOf } from '../support/recording-connector';
import { PATIENCE_MS } from '../support/patience';
import { Resident, ResidentReaches, TabApi, TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(600_000);

// Teams' limits, counted at the connector from when each call arrived.
const PER_CONVERSATION = [
  { count: 7, windowMs: 1000 },
  { count: 60, windowMs: 30_000 },
];

const sendsTo = (test: TestApp, conversationId: string, from = 0) =>
  test.connector.arrivals.filter((a) => a.conversationId === conversationId && a.at >= from).map((a) => a.at);

/** Checks residents in to this surgery (choosing it in the form when several are open), and returns them with their visit ids. */
async function checkIn(test: TestApp, apps: ResidentReaches['app'][], surgeryId: string, count: number) {
  const residents: { resident: Resident; visitId: string; name: string }[] = [];
  for (let i = 0; i < count; i++) {
    const name = `Resident ${String.fromCharCode(65 + (i % 26))}${i}`;
    const resident = new Resident({ app: apps[i % apps.length]!, connector: test.connector });
    await resident.says('hello');
    const form = resident.received
      .map((c) => c.activity.attachments?.[0]?.content)
      .find((card) => card?.actions?.[0]?.data?.action === 'check_in');
    // With several surgeries open the form asks which; with one, its button names it.
    await resident.submits({ surgeryId, ...form.actions[0].data, name, postcode: 'SW1A 1AA', issue: 'Parking' });
    residents.push({ resident, visitId: '', name });
  }
  const { active } = await new TabApi(apps[0]!.url).queue(surgeryId);
  for (const r of residents) r.visitId = active.find((row) => row.name === r.name)!.visitId;
  return residents;
}

const message = (api: TabApi, surgeryId: string, visitId: string, text: string) =>
  api.call('POST', `/api/surgeries/${surgeryId}/visits/${visitId}/messages`, { text });

describe("Teams' limits hold under parallel sends", () => {
  let test: TestApp;

  afterEach(async () => {
    await test?.stop();
  });

  it('When councillors in three surgeries admit and message many residents at once, then no chat gets more than 7 calls in a second or 60 in 30 seconds, and Teams no more than 50 in a second', async () => {
    test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    const api = test.api;
    const surgeries = [];
    for (const ward of ['Abbey', 'Castle', 'Riverside']) {
      const surgery = await api.openSurgery({ ward, councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] });
      surgeries.push({ surgery, residents: await checkIn(test, [test.app], surgery.id, 8) });
    }
    await test.app.settled();
    const start = Date.now();

    // In each surgery at once: two admits, the maximum of 20 messages to one resident, and two to each of the others.
    await Promise.all(
      surgeries.flatMap(({ surgery, residents }) => [
        api.admitNext(surgery.id),
        api.admitNext(surgery.id),
        ...Array.from({ length: 20 }, (_, i) => message(api, surgery.id, residents[7]!.visitId, `Note ${i + 1}`)),
        ...residents.slice(0, 7).flatMap((r) => [1, 2].map((n) => message(api, surgery.id, r.visitId, `Hello ${n}`))),
      ]),
    );
    await test.app.settled();

    const all = test.connector.arrivals.filter((a) => a.at >= start).map((a) => a.at);
    // 3 x (2 calls + 20 + 7 x 2 messages) new messages, and place cards besides: far more than 50 a second asks for.
    expect(all.length).toBeGreaterThanOrEqual(108);
    for (const { residents } of surgeries)
      for (const { resident } of residents)
        for (const { count, windowMs } of PER_CONVERSATION)
          expect(mostInAnyWindow(sendsTo(test, resident.conversationId, start), windowMs)).toBeLessThanOrEqual(count);
    expect(mostInAnyWindow(all, 1000)).toBeLessThanOrEqual(50);
    // Every message was delivered, each once, in the order the councillor sent them.
    for (const { residents } of surgeries) {
      const notes = residents[7]!.resident.received.map((c) => textOf(c.activity)).filter((t) => /Note \d+/.test(t));
      expect(notes.map((t) => Number(/Note (\d+)/.exec(t)![1]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });

  describe('when Teams throttles a chat (Retry-After longer than the send time limit)', () => {
    let offset: number;

    beforeEach(async () => {
      offset = 0;
      test = await startTestApp({
        clock: () => new Date(Date.now() + offset),
        // Teams' answer must come within the send time limit however busy the machine, and still be shorter than Retry-After.
        env: { OUTBOX_RETRY_BASE_MS: '50', OUTBOX_POLL_MS: '50', SEND_TIMEOUT_SECONDS: '5', OUTBOX_LEASE_SECONDS: '10' },
      });
    });

    async function waitForStored(surgeryId: string, match: (entry: OutboxEntry) => boolean): Promise<OutboxEntry> {
      const storage = await createTableStorage({
        connectionString: test.config.storage.connectionString,
        tablePrefix: test.config.storage.tablePrefix,
        allowInsecureConnection: true,
      });
      const deadline = Date.now() + PATIENCE_MS;
      for (;;) {
        const found = (await storage.outbox.forSurgery(surgeryId)).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('No outbox entry as expected');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('When a call to a chat is throttled, then every message to that chat waits for the time Teams asked, and they then arrive in order', async () => {
      const surgery = await test.api.openSurgery();
      const [{ resident: sam, visitId }] = await checkIn(test, [test.app], surgery.id, 1);
      await test.app.settled();
      test.connector.fail(sam!.conversationId, 429, 1, 30);

      for (let n = 1; n <= 5; n++) expect((await message(test.api, surgery.id, visitId, `Note ${n}`)).status).toBe(200);
      await test.connector.waitForFailed(sam!.conversationId);
      const throttledAt = test.connector.failed[0]!.at;
      const first = await waitForStored(surgery.id, (e) => e.firstFailedAt !== undefined && !e.leaseUntil);

      expect(Date.parse(first.nextAttemptAt) - Date.parse(first.firstFailedAt!)).toBeGreaterThanOrEqual(28_000);
      expect(sendsTo(test, sam!.conversationId, throttledAt)).toEqual([throttledAt]);
      offset += 30_000;
      await test.app.settled();

      const notes = sam!.received.map((c) => textOf(c.activity)).filter((t) => /Note \d/.test(t));
      expect(notes.map((t) => /Note (\d)/.exec(t)![1])).toEqual(['1', '2', '3', '4', '5']);
      expect(sendsTo(test, sam!.conversationId, throttledAt)).toHaveLength(6);
      expect(mostInAnyWindow(sendsTo(test, sam!.conversationId, throttledAt + 1), 1000)).toBeLessThanOrEqual(7);
    });

    it('When a throttled place card is replaced by a newer one, then the newer one keeps the wait, and only it is sent', async () => {
      const surgery = await test.api.openSurgery();
      const [, , third] = await checkIn(test, [test.app], surgery.id, 3);
      await test.app.settled();
      const cat = third!.resident;
      const card = cat.received.find((c) => textOf(c.activity).includes('You are in the queue'))!;
      test.connector.fail(cat.conversationId, 429, 1, 30);

      // Cat moves up to second: her card's update is throttled.
      expect((await test.api.admitNext(surgery.id)).status).toBe(200);
      await test.connector.waitForFailed(cat.conversationId);
      const throttledAt = test.connector.failed[0]!.at;
      const isCards = (e: OutboxEntry) => e.id.startsWith('place-') && e.visitId === third!.visitId;
      const throttled = await waitForStored(surgery.id, (e) => isCards(e) && e.firstFailedAt !== undefined && !e.leaseUntil);
      // Then up to first: the newer card replaces the one waiting.
      expect((await test.api.admitNext(surgery.id)).status).toBe(200);
      const replaced = await waitForStored(
        surgery.id,
        (e) => isCards(e) && e.status === 'pending' && JSON.stringify(e.message) !== JSON.stringify(throttled.message),
      );

      expect(replaced.nextAttemptAt).toBe(throttled.nextAttemptAt);
      expect(Date.parse(replaced.nextAttemptAt) - Date.parse(throttled.firstFailedAt!)).toBeGreaterThanOrEqual(28_000);
      expect(sendsTo(test, cat.conversationId, throttledAt)).toEqual([throttledAt]);
      offset += 30_000;
      await test.app.settled();

      const updates = cat.received.filter((c) => c.method === 'PUT' && c.activityId === card.resultId);
      expect(updates).toHaveLength(1);
      expect(textOf(updates[0]!.activity)).toContain('1st: you are next');
    });
  });

  describe('two server instances on one storage account', () => {
    let second: RunningApp | undefined;

    afterEach(async () => {
      await second?.stop();
      second = undefined;
    });

    it("When both instances send at once, each keeping to its share of the tenant's limit, then Teams gets no more than the two shares in a second, and no chat more than 7", async () => {
      // Shares of 5 a second make the sum easy to exceed, and 7 to one chat impossible for one instance alone.
      test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', TEAMS_SENDS_PER_SECOND: '5' } });
      second = await startApp(test.config, { logger: silentLogger });
      const apps = [test.app, second];
      const apis = apps.map((app) => new TabApi(app.url));
      const surgery = await test.api.openSurgery({ councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] });
      const residents = await checkIn(test, apps, surgery.id, 6);
      await Promise.all(apps.map((app) => app.settled()));
      const start = Date.now();

      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => message(apis[i % 2]!, surgery.id, residents[5]!.visitId, `Note ${i + 1}`)),
        ...residents.slice(0, 5).flatMap((r, i) => [1, 2, 3].map((n) => message(apis[(i + n) % 2]!, surgery.id, r.visitId, `Hello ${n}`))),
      ]);
      await Promise.all(apps.map((app) => app.settled()));

      const all = test.connector.arrivals.filter((a) => a.at >= start).map((a) => a.at);
      expect(all.length).toBeGreaterThanOrEqual(35);
      expect(mostInAnyWindow(all, 1000)).toBeLessThanOrEqual(10);
      for (const { resident } of residents)
        expect(mostInAnyWindow(sendsTo(test, resident.conversationId, start), 1000)).toBeLessThanOrEqual(7);
      const notes = residents[5]!.resident.received.map((c) => textOf(c.activity)).filter((t) => /Note \d+/.test(t));
      expect(notes).toHaveLength(20);
    });

    it('When one instance has just sent a chat 7 messages and the other instance gets the next 7, then the chat still gets no more than 7 in a second, and all 14, each once', async () => {
      test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
      second = await startApp(test.config, { logger: silentLogger });
      const [first, other] = [test.app, second].map((app) => new TabApi(app.url));
      const surgery = await test.api.openSurgery();
      const [{ resident: sam, visitId }] = await checkIn(test, [test.app], surgery.id, 1);
      await Promise.all([test.app.settled(), second.settled()]);
      const notes = () => sam!.received.map((c) => textOf(c.activity)).filter((t) => /Note \d+/.test(t));
      const start = Date.now();

      // The first instance's burst fills the second's limit, so the second must wait for what it did not send itself.
      await Promise.all(Array.from({ length: 7 }, (_, i) => message(first!, surgery.id, visitId, `Note ${i + 1}`)));
      while (notes().length < 7) {
        if (Date.now() - start > PATIENCE_MS) throw new Error('The first 7 notes did not arrive');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.all(Array.from({ length: 7 }, (_, i) => message(other!, surgery.id, visitId, `Note ${i + 8}`)));
      await Promise.all([test.app.settled(), second.settled()]);

      const delivered = notes().map((t) => Number(/Note (\d+)/.exec(t)![1]));
      expect(delivered.sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
      expect(mostInAnyWindow(sendsTo(test, sam!.conversationId, start), 1000)).toBeLessThanOrEqual(7);
    });

    it("When messages wait for the tenant's limit far longer than an instance's lease, then the other instance does not send them too: each arrives once", async () => {
      // One send a second for each instance: the eighth resident's note waits about 7 s for its turn, over twice the lease.
      test = await startTestApp({
        env: { RATE_LIMIT_PER_MINUTE: '100000', TEAMS_SENDS_PER_SECOND: '1', OUTBOX_LEASE_SECONDS: '3', SEND_TIMEOUT_SECONDS: '1' },
      });
      second = await startApp(test.config, { logger: silentLogger });
      const api = new TabApi(test.app.url);
      const surgery = await test.api.openSurgery();
      const residents = await checkIn(test, [test.app], surgery.id, 8);
      await Promise.all([test.app.settled(), second.settled()]);

      await Promise.all(residents.map(({ visitId, name }) => message(api, surgery.id, visitId, `Note for ${name}`)));
      await Promise.all([test.app.settled(), second.settled()]);

      for (const { resident, name } of residents) {
        const notes = resident.received.map((c) => textOf(c.activity)).filter((t) => t.includes('Note for'));
        expect(notes).toEqual([expect.stringContaining(`Note for ${name}`)]);
      }
    });
  });
});
