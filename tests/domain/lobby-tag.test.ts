import { MAX_TICKETS, lobbyTag, ticketCode } from '../../bot/domain/lobby-tag';

describe('lobbyTag', () => {
  it.each([
    ['Jane Smith', 7, 'Jane S · A7'],
    ['Cher', 1, 'Cher · A1'],
    ['  Jane    Smith  ', 2, 'Jane S · A2'],
    ['Jane van der Berg', 3, 'Jane B · A3'],
    ['jane smith', 4, 'jane S · A4'],
    ['Jane Smith', 9, 'Jane S · A9'],
    ['Jane Smith', 10, 'Jane S · B1'],
    ['Jane Smith', 18, 'Jane S · B9'],
    ['Jane Smith', 19, 'Jane S · C1'],
    ['Jane Smith', 207, 'Jane S · Z9'],
    ['Maximiliana-Konstantina Smith', 1, 'Maximiliana-Konstant S · A1'],
    ['', 5, 'Resident · A5'],
  ])('When "%s" gets ticket %i, then their lobby tag is "%s"', (name, ticket, tag) => {
    expect(lobbyTag(name, ticket)).toBe(tag);
  });

  it('When every ticket a surgery can issue is handed out, then no two residents share a code', () => {
    const codes = Array.from({ length: MAX_TICKETS }, (_, i) => ticketCode(i + 1));

    expect(new Set(codes).size).toBe(MAX_TICKETS);
  });

  it('When codes are read out, then none uses a letter easily mistaken for a digit (I, O, Q)', () => {
    const codes = Array.from({ length: MAX_TICKETS }, (_, i) => ticketCode(i + 1));

    expect(codes.filter((code) => /[IOQ]/.test(code))).toEqual([]);
    expect(codes.every((code) => /^[A-Z][1-9]$/.test(code))).toBe(true);
  });
});
