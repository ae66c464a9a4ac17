import type { AddedResident, PhoneResidentRequest } from '../../bot/api-types';
import { EntraUser } from '../support/fake-entra';
import { SignedInTestApp, startSignedInApp } from '../support/signed-in-app';
import { TestApp, startTestApp } from '../support/test-app';

const RANG: PhoneResidentRequest = {
  name: 'Mary Jones',
  postcode: 'sw1a 1aa',
  issue: 'Bins not collected',
  phone: '01632 960123',
  noPhone: false,
};

describe('Adding a resident who rang, over real HTTP', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  it('When a councillor adds a resident with a landline, then they join the queue by phone with the number to ring and no chat', async () => {
    const surgery = await test.api.openSurgery();

    const res = await test.api.call<AddedResident>('POST', `/api/surgeries/${surgery.id}/visits`, {
      ...RANG,
      accessNeeds: 'Hard of hearing',
    });

    expect(res.status).toBe(201);
    expect(res.body.added).toMatchObject({
      name: 'Mary Jones',
      postcode: 'SW1A 1AA',
      issue: 'Bins not collected',
      accessNeeds: 'Hard of hearing',
      channel: 'phone',
      status: 'waiting',
      position: 1,
      hasContact: false,
      lobbyTag: 'Mary J · A1',
      phone: { tel: '+441632960123', words: '01632 960123', mobile: false },
    });
    expect(res.body.view.active.map((r) => r.visitId)).toEqual([res.body.added.visitId]);
    expect((await test.api.queue(surgery.id)).active[0]).toMatchObject({
      visitId: res.body.added.visitId,
      channel: 'phone',
      phone: res.body.added.phone,
    });
  });

  it.each([
    ['a mobile', '+44 7700 900123', { contact: true, phone: { tel: '+447700900123', words: '07700 900123', mobile: true } }],
    ['a London number', '020 7946 0123', { contact: false, phone: { tel: '+442079460123', words: '020 7946 0123', mobile: false } }],
    ['a city number', '(0113) 496-0000', { contact: false, phone: { tel: '+441134960000', words: '0113 496 0000', mobile: false } }],
    [
      'a non-geographic number',
      '0300 123 4567',
      { contact: false, phone: { tel: '+443001234567', words: '0300 123 4567', mobile: false } },
    ],
  ])('When the number is %s, then it is kept as +44 and shown as people write it', async (_what, phone, expected) => {
    const surgery = await test.api.openSurgery();
    const res = await test.api.call<AddedResident>('POST', `/api/surgeries/${surgery.id}/visits`, { ...RANG, phone });
    expect(res.status).toBe(201);
    expect(res.body.added.hasContact).toBe(expected.contact);
    expect(res.body.added.phone).toEqual(expected.phone);
  });

  it('When the resident has no phone and the councillor says so, then they are added with no number', async () => {
    const surgery = await test.api.openSurgery();
    const res = await test.api.call<AddedResident>('POST', `/api/surgeries/${surgery.id}/visits`, { ...RANG, phone: '', noPhone: true });
    expect(res.status).toBe(201);
    expect(res.body.added.channel).toBe('phone');
    expect(res.body.added.phone).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['nothing', {}, ['name', 'postcode', 'issue', 'phone']],
    ['no phone number and no "no phone"', { ...RANG, phone: '' }, ['phone']],
    ['a number that is not a UK phone', { ...RANG, phone: '+1 202 555 0100' }, ['phone']],
    ['a premium-rate number', { ...RANG, phone: '0909 879 0000' }, ['phone']],
    ['a number and "no phone" both', { ...RANG, noPhone: true }, ['phone']],
    ['a postcode that is not real', { ...RANG, postcode: 'NOT A CODE' }, ['postcode']],
    ['a name that is too long', { ...RANG, name: 'x'.repeat(81) }, ['name']],
    ['fields of the wrong type', { ...RANG, name: 42, issue: ['bins'] }, ['name', 'issue']],
  ])('When the form has %s, then it is refused with 400 naming each field to fix, and nobody is added', async (_what, input, fields) => {
    const surgery = await test.api.openSurgery();
    const res = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, input);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INPUT.INVALID');
    expect(res.body.problems.map((p: { field: string }) => p.field)).toEqual(fields);
    expect((await test.api.queue(surgery.id)).active).toEqual([]);
  });

  it('When the body is not a JSON object, then it is refused with 400', async () => {
    const surgery = await test.api.openSurgery();
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, '[1]')).status).toBe(400);
  });

  it('When the surgery is not open or does not exist, then nobody is added and the answer says why', async () => {
    const planned = await test.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
    });
    expect(await test.api.call('POST', `/api/surgeries/${planned.body.id}/visits`, RANG)).toMatchObject({
      status: 409,
      body: { code: 'SURGERY.NOT_OPEN' },
    });
    expect(await test.api.call('POST', '/api/surgeries/nosuchsurgery/visits', RANG)).toMatchObject({
      status: 404,
      body: { code: 'SURGERY.NOT_FOUND' },
    });
  });
});

describe('Adding a resident, signed in', () => {
  const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
  const OMAR: EntraUser = { oid: '00000002-0000-4000-8000-000000000005', name: 'Cllr Omar Farouk', upn: 'omar.farouk@council.example' };
  let test: SignedInTestApp;

  beforeAll(async () => {
    test = await startSignedInApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  it('When someone who does not run the surgery adds a resident, then it is refused with 403 and nobody is added; its councillor can', async () => {
    const ada = await test.as(ADA);
    const omar = await test.as(OMAR);
    const surgery = await ada.openSurgery();

    const refused = await omar.call('POST', `/api/surgeries/${surgery.id}/visits`, RANG);
    expect(refused).toMatchObject({ status: 403, body: { code: 'SURGERY.COUNCILLORS_ONLY' } });
    expect(JSON.stringify(refused.body)).not.toContain('Mary');
    const anonymous = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, RANG);
    expect(anonymous.status).toBe(401);
    expect((await ada.queue(surgery.id)).active).toEqual([]);

    const added = await ada.call<AddedResident>('POST', `/api/surgeries/${surgery.id}/visits`, RANG);
    expect(added.status).toBe(201);
    expect(added.body.added.channel).toBe('phone');
  });
});
