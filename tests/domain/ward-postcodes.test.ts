import { checkIn } from '../../bot/domain/queue';
import { WardListFile, WardLists, describeWardListProblem, parseWardLists, wardNameFromFileName } from '../../bot/domain/ward-postcodes';
import { InWard, WardCode, wardKey } from '../../bot/domain/ward';
import { parseRoster } from '../../bot/domain/ward-roster';
import { aSurgery } from '../support/builders';

const councilWide = (text: string, name = 'wards.csv'): WardListFile => ({ name, text });
const oneWard = (name: string, text: string): WardListFile => ({ name, text, wardFromFileName: true });

function listsOf(...files: WardListFile[]): WardLists {
  const parsed = parseWardLists(files);
  if (!parsed.ok) throw new Error(parsed.problems.map(describeWardListProblem).join('\n'));
  return parsed.lists;
}

function problemsOf(...files: WardListFile[]): string[] {
  const parsed = parseWardLists(files);
  return parsed.ok ? [] : parsed.problems.map(describeWardListProblem);
}

describe('Reading a council-wide postcode list', () => {
  it.each([
    ['the usual header', 'postcode,ward\nRV1 1AA,Abbey\n'],
    ['the columns the other way round', 'ward,postcode\nAbbey,RV1 1AA\n'],
    ['capitals and spaces in the header', ' Postcode , WARD \r\nRV1 1AA,Abbey\r\n'],
    ['a "Ward name" column and other columns', 'id,Post code,Ward name,notes\n7,RV1 1AA,Abbey,new estate\n'],
    ['quoted fields', '"postcode","ward"\n"RV1 1AA","Abbey"\n'],
    ["Excel's byte order mark", '\uFEFFpostcode,ward\nRV1 1AA,Abbey\n'],
    ['blank rows and no line end after the last row', 'postcode,ward\n\n,\nRV1 1AA,Abbey'],
    ['the postcode written any old way', 'postcode,ward\n rv11aa ,Abbey\n'],
    ['the ward written with "Ward" on the end', 'postcode,ward\nRV1 1AA,Abbey Ward\n'],
  ])('When the file has %s, then RV1 1AA is found in Abbey ward', (_, text) => {
    const lists = listsOf(councilWide(text));
    expect(lists.check({ ward: 'Abbey' }, 'RV1 1AA')).toEqual({ result: 'in_ward', postcodeWard: 'Abbey' });
    expect(lists.wards).toEqual(['Abbey']);
  });

  it('When a quoted field holds a comma, a quote and a line break, then it is one field and later line numbers still count from the file', () => {
    const text = 'postcode,ward,notes\nRV1 1AA,Abbey,"north side, ""old"" town\nby the river"\nRV1 1AB,,\n';
    expect(problemsOf(councilWide(text))).toEqual(['wards.csv, line 4: There is no ward.']);
  });
});

describe('Problems in the lists', () => {
  it.each<[string, WardListFile[], string[]]>([
    [
      'the file is empty',
      [councilWide('')],
      ['wards.csv, line 1: The file is empty. It needs a header row naming its postcode and ward columns.'],
    ],
    [
      'the header has no postcode column',
      [councilWide('code,ward\nRV1 1AA,Abbey\n')],
      ['wards.csv, line 1: The header row has no "postcode" column (it has: code, ward).'],
    ],
    [
      'a council-wide file has no ward column',
      [councilWide('postcode\nRV1 1AA\n')],
      ['wards.csv, line 1: The header row has no "ward" column (it has: postcode).'],
    ],
    [
      'a postcode is not a UK postcode',
      [councilWide('postcode,ward\nRV1 1AA,Abbey\nRV1 1A,Abbey\n')],
      ['wards.csv, line 3: "RV1 1A" is not a UK postcode.'],
    ],
    ['a row has no postcode', [councilWide('postcode,ward\n,Abbey\n')], ['wards.csv, line 2: There is no postcode.']],
    ['a row has no ward', [councilWide('postcode,ward\nRV1 1AA,  \n')], ['wards.csv, line 2: There is no ward.']],
    [
      'a quote is never closed',
      [councilWide('postcode,ward\nRV1 1AA,Abbey\n"RV1 1AB,Abbey\n')],
      ['wards.csv, line 3: A quoted field has no closing quote (").'],
    ],
    [
      'a postcode is in two wards in one file',
      [councilWide('postcode,ward\nRV1 1AA,Abbey\nRV2 1AA,Castle\nrv1 1aa,Castle\n')],
      ['wards.csv, line 4: RV1 1AA is listed in Castle ward here, but in Abbey ward at wards.csv, line 2.'],
    ],
    [
      'a postcode is in two wards in two files',
      [oneWard('abbey.csv', 'postcode\nRV1 1AA\n'), oneWard('castle.csv', 'postcode\nRV2 1AA\nRV1 1AA\n')],
      ['castle.csv, line 3: RV1 1AA is listed in Castle ward here, but in Abbey ward at abbey.csv, line 2.'],
    ],
    [
      'several rows and files are wrong',
      [councilWide('postcode,ward\nXX,Abbey\nRV1 1AA,\n'), oneWard('castle.csv', 'ward\nCastle\n')],
      [
        'wards.csv, line 2: "XX" is not a UK postcode.',
        'wards.csv, line 3: There is no ward.',
        'castle.csv, line 1: The header row has no "postcode" column (it has: ward).',
      ],
    ],
  ])('When %s, then the problem is given with its file and line, and no lists are made', (_, files, expected) => {
    const parsed = parseWardLists(files);
    expect(parsed.ok).toBe(false);
    expect(problemsOf(...files)).toEqual(expected);
  });

  it('When the same postcode is listed twice in the same ward, then that is no problem', () => {
    expect(
      problemsOf(councilWide('postcode,ward\nRV1 1AA,Abbey\nRV1 1AA,abbey ward\n'), oneWard('abbey.csv', 'postcode\nRV1 1AA\n')),
    ).toEqual([]);
  });
});

describe('One file per ward', () => {
  it.each([
    ['castle.csv', 'Castle'],
    ['Castle Ward.csv', 'Castle'],
    ['st-marys.csv', 'St Marys'],
    ['north_end.CSV', 'North End'],
    ['/srv/wards/abbey.csv', 'Abbey'],
    ['C:\\wards\\abbey.csv', 'Abbey'],
  ])('When a file is called %s, then its ward is %s', (fileName, ward) => {
    expect(wardNameFromFileName(fileName)).toBe(ward);
  });

  it('When a per-ward file has no ward column, then its postcodes are in the ward its name gives', () => {
    const lists = listsOf(oneWard('castle.csv', 'postcode\nRV2 1AA\n'), oneWard('st-marys.csv', 'postcode\nRV3 1AA\n'));
    expect(lists.check({ ward: 'Castle' }, 'RV2 1AA')).toEqual({ result: 'in_ward', postcodeWard: 'Castle' });
    expect(lists.check({ ward: "St. Mary's" }, 'RV3 1AA')).toEqual({ result: 'in_ward', postcodeWard: 'St Marys' });
  });

  it('When a per-ward file has a ward column, then the column wins over the name', () => {
    const lists = listsOf(oneWard('extra.csv', 'postcode,ward\nRV2 1AA,Castle\n'));
    expect(lists.wards).toEqual(['Castle']);
  });
});

describe('Matching a surgery to a ward', () => {
  const lists = listsOf(councilWide("postcode,ward\nRV1 1AA,Abbey\nRV2 1AA,Castle Hill\nRV3 1AA,St Mary's & All Saints\n"));

  it.each([
    ['Abbey', 'RV1 1AA', 'in_ward', 'Abbey'],
    ['  abbey  ward ', 'rv1 1aa', 'in_ward', 'Abbey'],
    ['ABBEY', 'RV11AA', 'in_ward', 'Abbey'],
    ['castle-hill', 'RV2 1AA', 'in_ward', 'Castle Hill'],
    ['Castle  Hill Ward', 'RV2 1AA', 'in_ward', 'Castle Hill'],
    ['St Marys and All Saints', 'RV3 1AA', 'in_ward', "St Mary's & All Saints"],
    ['Castle Hill', 'RV1 1AA', 'outside', 'Abbey'],
    ['A ward with no list', 'RV1 1AA', 'outside', 'Abbey'],
  ])('When the %s surgery checks %s, then the postcode is %s (%s)', (ward, postcode, result, postcodeWard) => {
    expect(lists.check({ ward }, postcode)).toEqual({ result, postcodeWard });
  });

  it.each([
    ['a postcode on no list', 'SW1A 1AA'],
    ['text that is no postcode', 'not a postcode'],
  ])('When the surgery checks %s, then it is unknown, with no ward named', (_, postcode) => {
    expect(lists.check({ ward: 'Abbey' }, postcode)).toEqual({ result: 'unknown' });
  });

  it.each([
    ["St. Mary's Ward", 'st marys'],
    ['Abbey & Park', 'abbey and park'],
    ['north_end', 'north end'],
    ['Ward', 'ward'],
  ])('When a ward is written "%s", then it is matched as "%s"', (written, key) => {
    expect(wardKey(written)).toBe(key);
  });

  it('When the lists are made, then they cannot be changed afterwards', () => {
    expect(Object.isFrozen(lists)).toBe(true);
    expect(lists.postcodeCount).toBe(3);
  });
});

describe('A drop-in check-in with its ward check', () => {
  const resident = { id: 'v1', channel: 'msteams' as const, name: 'Jane Smith', postcode: 'RV1 1AA', issue: 'Parking' };
  const now = new Date('2025-03-01T10:05:00Z');

  it.each([
    ['in the ward', { result: 'in_ward', postcodeWard: 'Riverside' }, { wardCheck: 'in_ward', postcodeWard: 'Riverside' }],
    ['outside it, in Abbey ward', { result: 'outside', postcodeWard: 'Abbey' }, { wardCheck: 'outside', postcodeWard: 'Abbey' }],
    ['on no list', { result: 'unknown' }, { wardCheck: 'unknown' }],
  ] as const)('When the postcode is %s, then the new visit records so', (_, wardCheck, recorded) => {
    const change = checkIn({ surgery: aSurgery(), visits: [] }, { ...resident, wardCheck }, now);
    expect(change).toMatchObject({ visits: [recorded] });
  });

  it('When no lists are kept, then the visit says nothing about wards', () => {
    const change = checkIn({ surgery: aSurgery(), visits: [] }, resident, now);
    expect(change).toMatchObject({ visits: [{ id: 'v1' }] });
    expect(JSON.stringify(change)).not.toMatch(/wardCheck|postcodeWard/);
  });
});

describe('Matching a surgery to a ward by its code, with the roster', () => {
  const code = (text: string) => text as WardCode;
  const roster = parseRoster('wards.csv', 'ward code,ward name,councillor,email\nE05000001,Abbey,,\nE05000002,Castle,,\n');
  if (!roster.ok) throw new Error(roster.problems.join('\n'));
  const parsed = parseWardLists([councilWide('postcode,ward\nRV1 1AA,E05000001\nRV2 1AA,Castle\n')], roster.roster);
  if (!parsed.ok) throw new Error('the lists should read');

  it.each<[string, InWard, string]>([
    ['its code and the roster’s name', { ward: 'Abbey', wardCode: code('E05000001') }, 'in_ward'],
    ['its code and a name written before the roster', { ward: 'Abbey Ward (old)', wardCode: code('E05000001') }, 'in_ward'],
    ['another ward’s code under this ward’s name', { ward: 'Abbey', wardCode: code('E05000002') }, 'outside'],
    ['no code yet, only the name', { ward: 'abbey', wardCode: undefined }, 'in_ward'],
  ])('When a surgery with %s checks an Abbey postcode, then it is %s', (_, ward, result) => {
    expect(parsed.lists.check(ward, 'RV1 1AA')).toEqual({ result, postcodeWard: 'Abbey' });
  });
});
