/**
 * `npm run wards -- import <directory.csv> --local-authority <code> [--names <ward-names.csv>] --out <file>
 * [--roster <file>]`: turns the ONS Postcode Directory or the NSPL into the council's postcode list
 * (`postcode,ward`, the ward by its code) and a roster to fill in with councillors. Reads the directory a
 * line at a time: the national file is over 1 GB.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { toCsv } from '../bot/domain/csv';
import {
  Columns,
  DirectoryColumns,
  directoryColumns,
  parseLocalAuthorityCode,
  readDirectoryRow,
  splitCsvLine,
  wardNameColumns,
} from '../bot/domain/postcode-directory';
import { WardCode } from '../bot/domain/ward';
import { ROSTER_HEADER } from '../bot/domain/ward-roster';

const USAGE =
  'Usage: npm run wards -- import <directory.csv> --local-authority <code, e.g. E09000020> [--names <ward-names.csv>] --out <postcode-list.csv> [--roster <roster.csv>]';

// sysexits.h, as data-request uses: the caller can tell a mistyped command from a wrong file.
const EXIT = { usage: 64, data: 65, noInput: 66, cannotCreate: 73 } as const;

class Refused extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface ImportRequest {
  directory: string;
  localAuthority: string;
  names?: string;
  out: string;
  roster: string;
}

function request(argv: string[]): ImportRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'local-authority': { type: 'string' }, names: { type: 'string' }, out: { type: 'string' }, roster: { type: 'string' } },
    });
  } catch (error) {
    throw new Refused(error instanceof Error ? error.message : String(error), EXIT.usage);
  }
  const [action, directory, ...extra] = parsed.positionals;
  const problems: string[] = [];
  if (action !== 'import' || directory === undefined || extra.length > 0) problems.push('Say import and the directory file, once.');
  const localAuthority = parseLocalAuthorityCode(parsed.values['local-authority'] ?? '');
  if (localAuthority === undefined) problems.push('--local-authority: give the council’s ONS code, such as E09000020.');
  const out = parsed.values.out;
  if (out === undefined || out === '') problems.push('--out: give the file to write the postcode list to.');
  if (problems.length > 0 || directory === undefined || localAuthority === undefined || out === undefined)
    throw new Refused(problems.join('\n'), EXIT.usage);
  const roster = parsed.values.roster ?? path.join(path.dirname(out), `${path.basename(out, path.extname(out))}-roster.csv`);
  return { directory, localAuthority, out, roster, ...(parsed.values.names ? { names: parsed.values.names } : {}) };
}

/** Every record of a CSV file after its header, read as a stream; the header goes to `onHeader` first. */
async function* records(file: string, onHeader: (header: string[]) => void): AsyncGenerator<{ line: number; cells: string[] }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Refused(
          `${file}: the file ${error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`}.`,
          EXIT.noInput,
        ),
      ),
    );
  });
  await opened;
  let line = 0;
  let pending = '';
  let pendingFrom = 0;
  let header = true;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    const joined = pending === '' ? text : `${pending}\n${text}`;
    if (pending === '') pendingFrom = line;
    const cells = splitCsvLine(line === 1 ? joined.replace(/^\uFEFF/, '') : joined);
    if (cells === undefined) {
      pending = joined;
      continue;
    }
    pending = '';
    if (header) {
      header = false;
      onHeader(cells);
    } else if (cells.some((cell) => cell.trim() !== '')) yield { line: pendingFrom, cells };
  }
  if (pending !== '') throw new Refused(`${file}, line ${pendingFrom}: a quoted field has no closing quote (").`, EXIT.data);
  if (header) onHeader([]);
}

function columnsOrRefuse<T>(file: string, found: Columns<T>): T {
  if (!found.ok) throw new Refused(`${file}: ${found.message}`, EXIT.data);
  return found.columns;
}

async function readWardNames(file: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let columns: { code: number; name: number } | undefined;
  for await (const { cells } of records(file, (header) => (columns = columnsOrRefuse(file, wardNameColumns(header))))) {
    const code = (cells[columns!.code] ?? '').trim().toUpperCase();
    const name = (cells[columns!.name] ?? '').trim();
    if (code !== '' && name !== '') names.set(code, name);
  }
  return names;
}

interface Counts {
  terminated: number;
  otherAuthorities: number;
  noWard: number;
  notPostcodes: number;
}

/** Where a file is written until it is whole: a running server looks at the list every few seconds. */
const partial = (file: string) => `${file}.partial`;

function cannotWrite(file: string, error: unknown): Refused {
  return new Refused(`${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, EXIT.cannotCreate);
}

/**
 * Writes the council's postcodes to the list as they are read, in the directory's order, holding only a
 * count per ward: an authority with every postcode in the country would still fit. A postcode listed twice
 * is reported by the server's own check of the list, with its line.
 */
async function copyCouncilPostcodes(asked: ImportRequest) {
  const postcodesPerWard = new Map<WardCode, number>();
  const counts: Counts = { terminated: 0, otherAuthorities: 0, noWard: 0, notPostcodes: 0 };
  const out = createWriteStream(partial(asked.out));
  const failed = new Promise<never>((_, reject) => out.once('error', (error) => reject(cannotWrite(asked.out, error))));
  failed.catch(() => undefined);
  const write = (text: string) => (out.write(text) ? undefined : Promise.race([once(out, 'drain'), failed]));
  try {
    await Promise.race([once(out, 'open'), failed]);
    await write(toCsv(['postcode', 'ward'], []));
    let columns: DirectoryColumns | undefined;
    for await (const { cells } of records(
      asked.directory,
      (header) => (columns = columnsOrRefuse(asked.directory, directoryColumns(header))),
    )) {
      const row = readDirectoryRow(cells, columns!, asked.localAuthority);
      if (row.kind === 'other_authority') counts.otherAuthorities++;
      else if (row.kind === 'terminated') counts.terminated++;
      else if (row.kind === 'no_ward') counts.noWard++;
      else if (row.kind === 'not_a_postcode') counts.notPostcodes++;
      else {
        postcodesPerWard.set(row.ward, (postcodesPerWard.get(row.ward) ?? 0) + 1);
        await write(`${row.postcode},${row.ward}\r\n`);
      }
    }
    out.end();
    await Promise.race([once(out, 'close'), failed]);
  } catch (error) {
    out.destroy();
    await rm(partial(asked.out), { force: true });
    throw error;
  }
  return { postcodesPerWard, counts };
}

async function writeWhole(file: string, text: string): Promise<void> {
  try {
    await writeFile(partial(file), text);
    await rename(partial(file), file);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

const count = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

async function importDirectory(asked: ImportRequest): Promise<string[]> {
  const names = asked.names === undefined ? undefined : await readWardNames(asked.names);
  const { postcodesPerWard, counts } = await copyCouncilPostcodes(asked);
  if (postcodesPerWard.size === 0) {
    await rm(partial(asked.out), { force: true });
    throw new Refused(
      `${asked.directory}: no live postcode of local authority ${asked.localAuthority} is in the file (${count(counts.otherAuthorities)} rows of other authorities, ${count(counts.terminated)} terminated). Is the code right?`,
      EXIT.data,
    );
  }
  const wards = [...postcodesPerWard.keys()].sort((a, b) => (names?.get(a) ?? a).localeCompare(names?.get(b) ?? b));
  const postcodes = [...postcodesPerWard.values()].reduce((a, b) => a + b, 0);
  await writeWhole(
    asked.roster,
    toCsv(
      ROSTER_HEADER,
      wards.map((ward) => [ward, names?.get(ward) ?? '', '', '', '']),
    ),
  );
  try {
    await rename(partial(asked.out), asked.out);
  } catch (error) {
    throw cannotWrite(asked.out, error);
  }

  const unnamed = names === undefined ? [] : wards.filter((ward) => !names.has(ward));
  const width = Math.max(...wards.map((ward) => (names?.get(ward) ?? '').length));
  return [
    `Postcodes of ${asked.localAuthority} by ward:`,
    ...wards.map((ward) => `  ${ward}  ${(names?.get(ward) ?? '').padEnd(width)}  ${count(postcodesPerWard.get(ward)!)}`),
    `Left out: ${count(counts.terminated)} terminated, ${count(counts.noWard)} not in a ward yet, ${count(counts.notPostcodes)} not postcodes, ${count(counts.otherAuthorities)} of other authorities.`,
    `Wrote ${plural(postcodes, 'postcode', 'postcodes')} in ${plural(wards.length, 'ward', 'wards')} to ${asked.out}.`,
    `Wrote the roster to fill in (a row per councillor: name, work email, Entra object id) to ${asked.roster}.`,
    ...(names === undefined ? ['No --names file was given: fill in each ward’s name in the roster.'] : []),
    ...(unnamed.length > 0 ? [`Not in the names file, so to be named in the roster: ${unnamed.join(', ')}.`] : []),
  ];
}

async function main(): Promise<number> {
  try {
    const report = await importDirectory(request(process.argv.slice(2)));
    process.stdout.write(`${report.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    process.stderr.write(`${error.message}\n${error.code === EXIT.usage ? `${USAGE}\n` : ''}`);
    return error.code;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
