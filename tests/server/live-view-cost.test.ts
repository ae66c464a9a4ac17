import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { ManualScheduler } from '../support/manual-scheduler';
import { EventStream, Resident, TestApp, startTestApp } from '../support/test-app';

// What an instance asks of storage while nothing happens, counted over the ticks of its own background
// work (outbox, ticker, retention, the live view's polling), which run only when the test moves time on.
const IDLE_REQUESTS_PER_SECOND = 0.5;
const STREAM_POLL_MS = 200;

let live: TestApp;
let scheduler: ManualScheduler;
const counter = new RequestCounter();

beforeAll(async () => {
  scheduler = new ManualScheduler();
  live = await startTestApp({
    counter,
    scheduler,
    clock: scheduler.clock,
    env: { STREAM_POLL_MS: String(STREAM_POLL_MS) },
  });
});

afterAll(async () => {
  await live.stop();
});

const surgeriesRead = () => counter.byTable.get('surgeries')?.requests ?? 0;

test('When a surgery has ended and no tab is open, then over ten minutes of its own ticks the instance makes at most 0.5 storage requests a second', async () => {
  const surgery = await live.api.openSurgery();
  const resident = new Resident(live);
  await resident.checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Parking' });
  expect((await live.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
  // A minute of ticks: the resident is told, and the outbox's work is done and its mark cleared.
  await scheduler.advance(60_000);
  expect(resident.received.some((call) => JSON.stringify(call.activity).includes('ended before we could reach you'))).toBe(true);

  counter.reset();
  const ticks = await scheduler.advance(600_000);

  expect(ticks).toBeGreaterThan(0);
  expect(counter.requests).toBeLessThanOrEqual(600 * IDLE_REQUESTS_PER_SECOND);
});

test('When a tab streams a surgery, then each poll reads only that surgery, and once the tab closes none does', async () => {
  // Set up and not yet open, so neither the ticker nor the outbox has reason to read its partition.
  const surgery = await live.api.call('POST', '/api/surgeries', {
    ward: 'Abbey',
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
    councillors: ['Cllr Ada Khan'],
  });
  expect(surgery.status).toBe(201);
  const stream = new EventStream(`${live.app.url}/api/surgeries/${surgery.body.id}/stream`);
  await stream.waitFor((view) => view.surgery.status === 'scheduled');

  counter.reset();
  await scheduler.advance(10 * STREAM_POLL_MS);
  expect(surgeriesRead()).toBe(10);

  stream.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await scheduler.advance(STREAM_POLL_MS);
  counter.reset();
  await scheduler.advance(20 * STREAM_POLL_MS);
  expect(surgeriesRead()).toBe(0);
});

test('When a resident checks in while a tab streams the surgery, then the tab sees them without the queue being read again', async () => {
  const surgery = await live.api.openSurgery();
  const stream = new EventStream(`${live.app.url}/api/surgeries/${surgery.id}/stream`);
  await stream.waitFor((view) => view.surgery.status === 'open');
  const resident = new Resident(live);
  await resident.says('hello');
  const form = resident.lastReceived()!;

  counter.reset();
  await resident.send({
    value: {
      ...form.activity.attachments[0].content.actions[0].data,
      name: 'Ann Lee',
      postcode: 'SW1A 1AA',
      issue: 'Parking',
      contact: '',
    },
    replyToId: form.resultId,
  });
  await stream.waitFor((view) => view.active.some((row) => row.name === 'Ann Lee'));

  // The check-in's transaction alone: the queue as this instance saved it is read neither for the check-in nor for the view.
  expect(surgeriesRead()).toBe(1);
  stream.close();
});
