import { normaliseLandline, parsePhoneResident, phoneNumberWords } from '../../bot/domain/phone-resident';

const FORM = { name: 'Mary Jones', postcode: 'SW1A 1AA', issue: 'Bins', phone: '', noPhone: false };

describe('phone numbers of residents added by hand', () => {
  it.each([
    ['01632 960123', '+441632960123'],
    ['020 7946 0123', '+442079460123'],
    ['(0113) 496-0000', '+441134960000'],
    ['0044 300 123 4567', '+443001234567'],
    ['0800 123456', '+44800123456'],
    ['0909 879 0000', undefined],
    ['07700 900123', undefined],
    ['+1 202 555 0100', undefined],
    ['01632', undefined],
  ])('When %s is typed as a landline, then it is kept as %s', (typed, kept) => {
    expect(normaliseLandline(typed)).toBe(kept);
  });

  it.each([
    ['+442079460123', '020 7946 0123'],
    ['+441134960000', '0113 496 0000'],
    ['+441214960000', '0121 496 0000'],
    ['+441632960123', '01632 960123'],
    ['+447700900123', '07700 900123'],
    ['+443001234567', '0300 123 4567'],
    ['+44800123456', '0800 123 456'],
  ])('When %s is shown, then it reads %s', (international, words) => {
    expect(phoneNumberWords(international)).toBe(words);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a landline', { phone: '01632 960123' }, { phone: '+441632960123' }],
    ['a mobile', { phone: '07700 900123' }, { contact: { kind: 'mobile', value: '+447700900123' } }],
    ['no phone', { noPhone: true }, {}],
  ])('When the form has %s, then it is stored where alerts and the tab look for it', (_what, input, stored) => {
    const parsed = parsePhoneResident({ ...FORM, ...input });
    expect(parsed).toEqual({ ok: true, value: { name: 'Mary Jones', postcode: 'SW1A 1AA', issue: 'Bins', ...stored } });
  });

  it('When "no phone" is not strictly true, then a number is still needed', () => {
    expect(parsePhoneResident({ ...FORM, noPhone: 'yes' })).toEqual({ ok: false, problems: [expect.objectContaining({ field: 'phone' })] });
  });
});
