import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '../logger';
import type { WardRoster } from '../domain/ward-roster';
import { FilesInUse, ReloadingFiles, listProblems } from './reloading-files';
import type { WardCheck, WardLookup } from '../domain/ward-check';
import type { InWard } from '../domain/ward';
import { WardListFile, WardLists, describeWardListProblem, parseWardLists } from '../domain/ward-postcodes';

/** Where officers keep the postcode lists; '' means none. */
export interface WardListSources {
  /** A council-wide CSV with postcode and ward columns. */
  file: string;
  /** A folder of CSVs, one per ward. */
  dir: string;
}

export type WardListsRead = { ok: true; lists: WardLists } | { ok: false; problems: string[] };

/** The lists are wrong at start, so the server does not start: a queue checked against wrong lists misleads. */
export class WardListsNotValid extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        'The ward postcode lists (WARD_POSTCODES_FILE, WARD_POSTCODES_DIR) have problems. Fix them and start again:',
        ...listProblems(problems),
      ].join('\n'),
    );
    this.name = 'WardListsNotValid';
  }
}

const isCsv = (name: string) => name.toLowerCase().endsWith('.csv') && !name.startsWith('.');

async function csvFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter(isCsv)
    .sort()
    .map((name) => path.join(dir, name));
}

const reason = (error: unknown) =>
  (error as { code?: unknown }).code === 'ENOENT'
    ? 'does not exist'
    : `cannot be read (${String((error as { code?: unknown }).code ?? error)})`;

/** Reads and checks every list; never throws, so a reload can report problems and carry on. */
async function readWardLists(sources: WardListSources, roster?: WardRoster): Promise<WardListsRead> {
  const files: WardListFile[] = [];
  const problems: string[] = [];
  const read = async (file: string, wardFromFileName: boolean) => {
    try {
      files.push({ name: file, text: await readFile(file, 'utf8'), wardFromFileName });
    } catch (error) {
      problems.push(`${file}: the file ${reason(error)}.`);
    }
  };
  if (sources.file !== '') await read(sources.file, false);
  if (sources.dir !== '') {
    try {
      const names = await csvFilesIn(sources.dir);
      if (names.length === 0) problems.push(`${sources.dir}: the folder has no .csv files.`);
      for (const name of names) await read(name, true);
    } catch (error) {
      problems.push(`${sources.dir}: the folder ${reason(error)}.`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = parseWardLists(files, roster);
  return parsed.ok ? parsed : { ok: false, problems: parsed.problems.map(describeWardListProblem) };
}

export interface WardDirectoryDeps {
  sources: WardListSources;
  /** The roster in use, when the council keeps one: lists then name wards by its codes or names. */
  roster?: () => WardRoster;
  log: Logger;
  /** How often the files are looked at for changes, in milliseconds. */
  pollMs?: number;
}

const filesOf = async (sources: WardListSources) => [
  ...(sources.file === '' ? [] : [sources.file]),
  ...(sources.dir === '' ? [] : await csvFilesIn(sources.dir).catch(() => [`${sources.dir}/`])),
];

/** The postcode lists in use: checked at start, read again on SIGHUP or when the files change. */
export class WardDirectory implements WardLookup {
  private constructor(private readonly files: ReloadingFiles<WardLists>) {}

  /** Throws WardListsNotValid, listing every problem, when the lists cannot be used. */
  static async load(deps: WardDirectoryDeps): Promise<WardDirectory> {
    const loaded = await ReloadingFiles.load({
      what: 'ward postcode lists',
      notReloaded: 'ward postcode lists not reloaded: the lists in use are kept until the problems are fixed',
      files: () => filesOf(deps.sources),
      read: async () => {
        const read = await readWardLists(deps.sources, deps.roster?.());
        return read.ok ? { ok: true, value: read.lists } : read;
      },
      summary: (lists) => ({ wards: lists.wards.length, postcodes: lists.postcodeCount }),
      log: deps.log,
      ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
    });
    if (!(loaded instanceof ReloadingFiles)) throw new WardListsNotValid(loaded.problems);
    return new WardDirectory(loaded);
  }

  check(ward: InWard, postcode: string): WardCheck {
    return this.files.current().check(ward, postcode);
  }

  current(): WardLists {
    return this.files.current();
  }

  /** Reads the lists again; with problems, logs them and keeps the lists in use. Never throws. */
  async reload(): Promise<WardListsRead> {
    const read = await this.files.reload();
    return read.ok ? { ok: true, lists: read.value } : read;
  }

  /** Starts looking for changes to the files. */
  watch(): void {
    this.files.watch();
  }

  stop(): void {
    this.files.stop();
  }

  /** The files in use, when they were read in, and what stops a changed one being used. */
  state(): FilesInUse {
    return this.files.state();
  }
}
