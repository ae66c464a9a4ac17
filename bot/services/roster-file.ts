import { readFile } from 'node:fs/promises';
import { Logger } from '../logger';
import { WardRoster, parseRoster } from '../domain/ward-roster';
import { FilesInUse, FilesRead, ReloadingFiles, listProblems } from './reloading-files';

/** The roster is wrong at start, so the server does not start: who may run which ward's surgeries rests on it. */
export class RosterNotValid extends Error {
  constructor(readonly problems: string[]) {
    super(['The ward roster (WARDS_FILE) has problems. Fix them and start again:', ...listProblems(problems)].join('\n'));
    this.name = 'RosterNotValid';
  }
}

async function readRoster(file: string): Promise<FilesRead<WardRoster>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      problems: [`${file}: the file ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? error)})`}.`],
    };
  }
  const parsed = parseRoster(file, text);
  return parsed.ok ? { ok: true, value: parsed.roster } : parsed;
}

export interface RosterFileDeps {
  file: string;
  log: Logger;
  /** How often the file is looked at for changes, in milliseconds. */
  pollMs?: number;
}

/** The roster in use: checked at start, read again on SIGHUP or when the file changes. */
export class RosterFile {
  private constructor(private readonly files: ReloadingFiles<WardRoster>) {}

  /** Throws RosterNotValid, listing every problem, when the roster cannot be used. */
  static async load(deps: RosterFileDeps): Promise<RosterFile> {
    const loaded = await ReloadingFiles.load({
      what: 'ward roster',
      notReloaded: 'ward roster not reloaded: the roster in use is kept until the problems are fixed',
      files: () => Promise.resolve([deps.file]),
      read: () => readRoster(deps.file),
      summary: (roster) => ({ wards: roster.wards.length, councillors: roster.councillorCount }),
      log: deps.log,
      ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
    });
    if (!(loaded instanceof ReloadingFiles)) throw new RosterNotValid(loaded.problems);
    return new RosterFile(loaded);
  }

  current(): WardRoster {
    return this.files.current();
  }

  /** Reads the roster again; with problems, logs them and keeps the roster in use. Never throws. */
  reload(): Promise<FilesRead<WardRoster>> {
    return this.files.reload();
  }

  /** Starts looking for changes to the file; `onChange` runs after a changed roster is read in. */
  watch(onChange?: () => Promise<void>): void {
    this.files.watch(onChange);
  }

  stop(): void {
    this.files.stop();
  }

  /** The files in use, when they were read in, and what stops a changed one being used. */
  state(): FilesInUse {
    return this.files.state();
  }
}
