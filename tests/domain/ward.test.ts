import { WardCode, parseWardCode, sameWard } from '../../bot/domain/ward';

const code = (text: string) => parseWardCode(text) as WardCode;

describe('A ward', () => {
  it.each([
    ['E05009388', 'E05009388'],
    [' w05000981 ', 'W05000981'],
    ['S13002516', 'S13002516'],
    ['N08000312', 'N08000312'],
    ['RV-ABBEY', 'RV-ABBEY'],
    ['Abbey', undefined],
    ['E0500938', undefined],
    ['E99999999', undefined],
    ['', undefined],
  ])('When a code is written %j, then it reads as %s', (written, expected) => {
    expect(parseWardCode(written)).toBe(expected);
  });

  it.each([
    [{ ward: "St Mary's Ward" }, { ward: 'St Marys' }, true],
    [{ ward: 'abbey ' }, { ward: 'Abbey' }, true],
    [{ ward: 'Abbey' }, { ward: 'Abbey North' }, false],
    [{ ward: 'Abbey', wardCode: code('E05009388') }, { ward: 'Old Abbey', wardCode: code('E05009388') }, true],
    [{ ward: 'Abbey', wardCode: code('E05009388') }, { ward: 'Abbey', wardCode: code('E05009389') }, false],
    [{ ward: 'Abbey', wardCode: code('E05009388') }, { ward: 'abbey ward' }, true],
  ])('When %j and %j are compared, then they are the same ward: %s', (a, b, same) => {
    expect(sameWard(a, b)).toBe(same);
    expect(sameWard(b, a)).toBe(same);
  });
});
