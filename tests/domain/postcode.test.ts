import { normalisePostcode } from '../../bot/domain/postcode';

describe('normalisePostcode', () => {
  it.each([
    ['A9 9AA', 'm1 1ae', 'M1 1AE'],
    ['A99 9AA', 'B338TH', 'B33 8TH'],
    ['A9A 9AA', 'w1a 0ax', 'W1A 0AX'],
    ['AA9 9AA', 'CR2 6XH', 'CR2 6XH'],
    ['AA99 9AA', 'dn55 1pt', 'DN55 1PT'],
    ['AA9A 9AA', 'EC1A1BB', 'EC1A 1BB'],
    ['AA9A 9AA', ' sw1a   2aa ', 'SW1A 2AA'],
    ['the Girobank postcode', 'gir0aa', 'GIR 0AA'],
  ])('When a %s postcode is typed as "%s", then it is accepted as %s', (_, typed, expected) => {
    expect(normalisePostcode(typed)).toBe(expected);
  });

  it.each([
    ['Q is never the first letter', 'Q1 1AA'],
    ['V is never the first letter', 'V1 1AA'],
    ['X is never the first letter', 'X1 1AA'],
    ['I is never the second letter', 'AI1 1AA'],
    ['C is never in the last two letters', 'SW1A 1AC'],
    ['the inward part starts with a digit', 'SW1A AAA'],
    ['it is too long', 'SW1A 1AAA'],
    ['it has too many letters at the start', 'SWA1 1AA'],
    ['it is only the outward part', 'SW1A'],
    ['it is digits only', '12345'],
    ['it is letters only', 'ABC'],
    ['it has a dash', 'SW1A-1AA'],
    ['it is empty', ''],
    ['it is only spaces', '   '],
  ])('When %s ("%s"), then it is not a UK postcode', (_, typed) => {
    expect(normalisePostcode(typed)).toBeUndefined();
  });
});
