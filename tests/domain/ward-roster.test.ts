import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isOnsWardCode } from '../../bot/domain/ward';
import { parseWardLists } from '../../bot/domain/ward-postcodes';
import { parseRoster, WardRoster } from '../../bot/domain/ward-roster';

const HEADER = 'ward code,ward name,councillor,email,entra object id';

function roster(text: string): WardRoster {
  const parsed = parseRoster('wards.csv', text);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.roster;
}

describe('The ward roster', () => {
  const council = roster(
    [
      HEADER,
      'E05009388,Abbey,Jane Smith,Jane.Smith@council.gov.uk,0F8FAD5B-D9CB-469F-A165-70867728950E',
      'E05009388,Abbey,Raj Patel,raj.patel@council.gov.uk,',
      'E05009389,St Mary’s & Priory Ward,Raj Patel,raj.patel@council.gov.uk,',
      'X-CASTLE,Castle,,,',
    ].join('\r\n'),
  );

  it('When the roster lists wards with their councillors, then each ward has its code, its name and its councillors', () => {
    expect(council.wards.map(({ code, name, slug }) => ({ code, name, slug }))).toEqual([
      { code: 'E05009388', name: 'Abbey', slug: 'abbey' },
      { code: 'X-CASTLE', name: 'Castle', slug: 'castle' },
      { code: 'E05009389', name: 'St Mary’s & Priory', slug: 'st-marys-priory' },
    ]);
    expect(council.ward('E05009388')?.councillors).toEqual([
      { name: 'Jane Smith', email: 'jane.smith@council.gov.uk', objectId: '0f8fad5b-d9cb-469f-a165-70867728950e' },
      { name: 'Raj Patel', email: 'raj.patel@council.gov.uk' },
    ]);
    expect(council.ward('X-CASTLE')?.councillors).toEqual([]);
    expect(council.councillorCount).toBe(2);
  });

  it.each([
    ['E05009388', 'E05009388'],
    ['e05009388', 'E05009388'],
    ['Abbey', 'E05009388'],
    ['abbey ward', 'E05009388'],
    ['St. Marys and Priory', 'E05009389'],
    ['x-castle', 'X-CASTLE'],
    ['Abbey North', undefined],
  ])('When a ward is written as %j, then it is found as %s', (written, code) => {
    expect(council.find(written)?.code).toBe(code);
  });

  it('When a councillor signs in, then their wards are found by object id or by work email, whatever the capitals', () => {
    expect(council.wardsOf({ objectId: '0F8FAD5B-D9CB-469F-A165-70867728950E' }).map((w) => w.name)).toEqual(['Abbey']);
    expect(council.wardsOf({ email: 'RAJ.PATEL@council.gov.uk' }).map((w) => w.name)).toEqual(['Abbey', 'St Mary’s & Priory']);
    expect(council.wardsOf({ email: 'someone@partner.org' })).toEqual([]);
  });

  it('When two ward names read the same in a web address, then each address carries its code', () => {
    const twins = roster([HEADER, 'E05000001,St Mary’s & Priory,,,', 'E05000002,St Marys Priory,,,'].join('\n'));
    expect(twins.wards.map((w) => w.slug).sort()).toEqual(['st-marys-priory-e05000001', 'st-marys-priory-e05000002']);
  });

  it.each([
    [
      'a missing column',
      'ward code,ward name,councillor\nE05009388,Abbey,Jane Smith\n',
      'wards.csv, line 1: the header row needs the columns ward code, ward name, councillor, email',
    ],
    ['an empty file', '', 'wards.csv, line 1: the file is empty.'],
    ['no ward', `${HEADER}\n`, 'wards.csv, line 2: The roster lists no ward.'],
    ['a bad code', `${HEADER}\nAbbey,Abbey,,,\nE0500938,Castle,,,\n`, 'wards.csv, line 3: "E0500938" is not a ward code'],
    ['no name', `${HEADER}\nE05009388,,,,\n`, 'wards.csv, line 2: There is no ward name.'],
    [
      'a code with two names',
      `${HEADER}\nE05009388,Abbey,,,\nE05009388,Abbey North,,,\n`,
      'wards.csv, line 3: E05009388 is named Abbey North here but Abbey on line 2.',
    ],
    [
      'two wards with one name',
      `${HEADER}\nE05009388,Abbey,,,\nE05009389,Abbey Ward,,,\n`,
      'wards.csv, line 3: Abbey is also the name of E05009388 on line 2',
    ],
    [
      'a councillor without email',
      `${HEADER}\nE05009388,Abbey,Jane Smith,,\n`,
      'wards.csv, line 2: There is no work email for Jane Smith.',
    ],
    [
      'a bad email',
      `${HEADER}\nE05009388,Abbey,Jane Smith,jane at council,\n`,
      'wards.csv, line 2: "jane at council" is not an email address.',
    ],
    ['an email without a name', `${HEADER}\nE05009388,Abbey,,jane@council.gov.uk,\n`, 'wards.csv, line 2: There is no councillor’s name.'],
    [
      'a bad object id',
      `${HEADER}\nE05009388,Abbey,Jane Smith,jane@council.gov.uk,12345\n`,
      'wards.csv, line 2: "12345" is not an Entra object id',
    ],
    [
      'a councillor twice in a ward',
      `${HEADER}\nE05009388,Abbey,Jane Smith,jane@council.gov.uk,\nE05009388,Abbey,Jane Smith,JANE@council.gov.uk,\n`,
      'wards.csv, line 3: jane@council.gov.uk is listed in Abbey twice.',
    ],
    ['an unclosed quote', `${HEADER}\nE05009388,"Abbey,,,\n`, 'wards.csv, line 2: a quoted field has no closing quote'],
  ])('When the roster has %s, then it is refused naming the file and line', (_what, text, problem) => {
    const parsed = parseRoster('wards.csv', text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems.join('\n')).toContain(problem);
  });

  it('When the roster has several problems, then every one is listed with its line', () => {
    const parsed = parseRoster('wards.csv', `${HEADER}\nE05009388,,,,\nE05009389,Castle,Jane Smith,,\nE05009390,Market,,,\n`);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'wards.csv, line 2: There is no ward name.',
      'wards.csv, line 3: There is no work email for Jane Smith.',
    ]);
  });
});

describe('The sample roster npm start uses', () => {
  it('When the sample roster and the sample postcode list are read together, then every ward of the list is on the roster with a councillor and an ONS-style code', () => {
    const data = path.resolve(__dirname, '..', '..', 'data');
    const sample = roster(readFileSync(path.join(data, 'wards.sample.csv'), 'utf8'));
    const lists = parseWardLists(
      [{ name: 'ward-postcodes.sample.csv', text: readFileSync(path.join(data, 'ward-postcodes.sample.csv'), 'utf8') }],
      sample,
    );

    expect(lists.ok).toBe(true);
    expect(lists.ok && lists.lists.wards.sort()).toEqual(sample.wards.map((w) => w.name).sort());
    expect(sample.wards.every((w) => w.councillors.length > 0)).toBe(true);
    expect(sample.wards.filter((w) => !isOnsWardCode(w.code))).toEqual([]);
  });

  it('When a newcomer reads the sample postcodes, then each one says its ward (AB1 Abbey, CA1 Castle, RV1 Riverside, MK1 Market), as README says', () => {
    const root = path.resolve(__dirname, '..', '..');
    const sample = roster(readFileSync(path.join(root, 'data', 'wards.sample.csv'), 'utf8'));
    // As the ONS Postcode Directory import writes them: each postcode with its ward's code.
    const rows = readFileSync(path.join(root, 'data', 'ward-postcodes.sample.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(','))
      .map(([postcode, code]) => `${postcode!},${sample.ward(code!)?.name ?? `${code!} (not on the roster)`}`);
    const districts: Record<string, string> = { AB1: 'Abbey', CA1: 'Castle', RV1: 'Riverside', MK1: 'Market' };
    const wardOf = (postcode: string) => districts[postcode.split(' ')[0]!];
    for (const [postcode, ward] of rows.map((row) => row.split(','))) expect([postcode, wardOf(postcode!)]).toEqual([postcode, ward]);

    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/`([A-Z]{2}\d \d[A-Z]{2})` (?:is )?in (\w+)/g)].map((match) => [match[1], match[2]]);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(rows).toContain(example.join(','));
  });
});
