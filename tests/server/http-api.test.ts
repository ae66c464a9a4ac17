import { EventStream, TestApp, startTestApp } from '../support/test-app';

describe('The councillors API over HTTP', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  const validSurgery = {
    ward: 'Abbey',
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
    councillors: ['Cllr Ada Khan'],
  };

  it('When storage answers, then /healthz says ok', async () => {
    expect(await test.api.call('GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('When someone opens the server root, then they are sent to the tab page', async () => {
    const res = await fetch(`${test.app.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/tab/');
    const page = await fetch(`${test.app.url}/tab/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="en-GB"');
  });

  it('When a surgery is set up with only the essentials, then it starts now and lasts two hours', async () => {
    const before = Date.now();
    const created = await test.api.call('POST', '/api/surgeries', validSurgery);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ward: 'Abbey', status: 'scheduled', councillors: ['Cllr Ada Khan'] });
    const starts = Date.parse(created.body.startsAt);
    expect(starts).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(created.body.endsAt) - starts).toBe(2 * 60 * 60 * 1000);
    const list = await test.api.call('GET', '/api/surgeries');
    expect(list.body.surgeries.map((s: { id: string }) => s.id)).toContain(created.body.id);
  });

  it.each([
    ['nothing', {}, ['ward', 'joinUrl', 'councillors']],
    ['a join link that is not Teams', { ...validSurgery, joinUrl: 'https://evil.example/meet' }, ['joinUrl']],
    ['an end before the start', { ...validSurgery, startsAt: '2026-12-01T18:00:00Z', endsAt: '2026-12-01T17:00:00Z' }, ['endsAt']],
    ['a start that is not a time', { ...validSurgery, startsAt: 'next Tuesday', endsAt: '2026-12-01T20:00:00Z' }, ['startsAt']],
    ['councillors of the wrong type', { ...validSurgery, councillors: 42 }, ['councillors']],
    ['a ward name of the wrong type', { ...validSurgery, ward: { name: 'Abbey' } }, ['ward']],
  ])('When a surgery is set up with %s, then it is refused with 400 naming each field to fix', async (_what, body, fields) => {
    const res = await test.api.call('POST', '/api/surgeries', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INPUT.INVALID');
    expect(res.body.problems.map((p: { field: string }) => p.field)).toEqual(fields);
  });

  it.each([
    ['invalid JSON', 400, '{"ward": "Abbey",'],
    ['a JSON array', 400, '[1, 2, 3]'],
    ['a JSON string', 400, '"Abbey"'],
    ['over 256 KB', 413, JSON.stringify({ ...validSurgery, ward: 'x'.repeat(300 * 1024) })],
  ])('When the body is %s, then it is refused with %i and nothing is created', async (_what, status, body) => {
    const before = (await test.api.call('GET', '/api/surgeries')).body.surgeries.length;
    const res = await test.api.call('POST', '/api/surgeries', body);
    expect(res.status).toBe(status);
    expect((await test.api.call('GET', '/api/surgeries')).body.surgeries.length).toBe(before);
  });

  it('When an action names a surgery or resident that does not exist, then the answer is 404', async () => {
    const surgery = await test.api.openSurgery();
    expect((await test.api.call('GET', '/api/surgeries/nosuchsurgery/queue')).status).toBe(404);
    expect((await test.api.call('GET', '/api/surgeries/bad%23id%3F/queue')).status).toBe(404);
    expect((await test.api.call('POST', '/api/surgeries/nosuchsurgery/admit-next')).body.code).toBe('SURGERY.NOT_FOUND');
    const visit = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/nosuchvisit/admit`);
    expect(visit).toMatchObject({ status: 404, body: { code: 'VISIT.NOT_FOUND' } });
  });

  it('When nobody is waiting or the surgery is not open, then Admit next says why with 409', async () => {
    const created = await test.api.call('POST', '/api/surgeries', validSurgery);
    const notOpen = await test.api.admitNext(created.body.id);
    expect(notOpen).toMatchObject({ status: 409, body: { code: 'SURGERY.NOT_OPEN' } });
    await test.api.call('POST', `/api/surgeries/${created.body.id}/open`);
    expect(await test.api.call('POST', `/api/surgeries/${created.body.id}/open`)).toMatchObject({
      status: 409,
      body: { code: 'SURGERY.ALREADY_OPEN' },
    });
    expect(await test.api.admitNext(created.body.id)).toMatchObject({
      status: 409,
      body: { code: 'QUEUE.EMPTY', message: 'Nobody is waiting.' },
    });
  });

  it('When a councillor streams a surgery, then they get the whole queue at once and again after each change', async () => {
    const created = await test.api.call('POST', '/api/surgeries', validSurgery);
    const stream = new EventStream(`${test.app.url}/api/surgeries/${created.body.id}/stream`);
    expect(await stream.status).toBe(200);
    await stream.waitFor((view) => view.surgery.status === 'scheduled');
    await test.api.call('POST', `/api/surgeries/${created.body.id}/open`);
    await stream.waitFor((view) => view.surgery.status === 'open');
    stream.close();
  });

  it('When a stream is asked for a surgery that does not exist, then it is refused with 404', async () => {
    const stream = new EventStream(`${test.app.url}/api/surgeries/nosuchsurgery/stream`);
    expect(await stream.status).toBe(404);
    stream.close();
  });

  it('When resident data is served, then browsers are told not to store it', async () => {
    const surgery = await test.api.openSurgery();
    const res = await fetch(`${test.app.url}/api/surgeries/${surgery.id}/queue`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('Health when storage is down', () => {
  it('When Azurite stops, then /healthz answers 503 and the API answers 503, not 500', async () => {
    const test = await startTestApp();
    try {
      await test.api.openSurgery();
      await test.azurite.stop();
      expect((await test.api.call('GET', '/healthz')).status).toBe(503);
      const list = await test.api.call('GET', '/api/surgeries');
      expect(list).toMatchObject({ status: 503, body: { code: 'STORAGE.UNAVAILABLE' } });
    } finally {
      await test.app.stop();
      await test.connector.stop();
    }
  });
});
