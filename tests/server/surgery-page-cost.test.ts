import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { Resident, TestApp, startTestApp } from '../support/test-app';

// The surgery's public page is open to anyone and shows the surgery, never its residents: what it costs must not
// grow with the queue, or every visit to a busy surgery's page reads every resident's row.
const WAITING = 20;

let app: TestApp;
const counter = new RequestCounter();

beforeAll(async () => {
  app = await startTestApp({ counter, env: { SURGERY_TICK_SECONDS: '600' } });
});

afterAll(async () => {
  await app?.stop();
});

test(`When ${WAITING} residents wait, then the surgery's public page reads the surgery's own row only`, async () => {
  const surgery = await app.api.openSurgery({ ward: 'Abbey' });
  for (let i = 0; i < WAITING; i++)
    await new Resident(app, 'webchat').checksIn({ name: `Resident ${i}`, postcode: 'SW1A 1AA', issue: 'Parking', contact: '' });
  expect((await app.api.queue(surgery.id)).active).toHaveLength(WAITING);
  await app.app.settled();

  counter.reset();
  const page = await fetch(`${app.app.url}/surgeries/${surgery.id}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Abbey');
  expect(counter.byTable.get('surgeries')).toEqual({ requests: 1, rowsRead: 1 });
});
