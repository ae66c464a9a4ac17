import type { Config } from '../config';
import { WardRoster, WardSlugs, wardSlugs } from '../domain/ward-roster';
import type { Logger } from '../logger';
import { RosterFile } from '../services/roster-file';
import { WardDirectory } from '../services/ward-directory';

/** The council's ward roster and postcode lists, checked at start and read again when they change. */
export interface Wards {
  roster?: RosterFile;
  postcodes?: WardDirectory;
  /** The roster as it stands, when there is one. */
  current?: () => WardRoster;
  /** Each ward's part of the public pages' addresses, as the roster made it. */
  wardSlugOf: WardSlugs;
  /** Reads the files again, as SIGHUP does. */
  reload(): Promise<void>;
  /** Reads the files again when they change; `afterRoster` once a changed roster has been read. */
  watch(afterRoster: () => Promise<void>): void;
  stop(): void;
}

/** Reads the roster and postcode lists; with a problem in either it throws, and the server refuses to start. */
export async function wardsFeature(settings: Config['wards'], log: Logger): Promise<Wards> {
  const roster = settings.rosterFile === '' ? undefined : await RosterFile.load({ file: settings.rosterFile, log });
  const current = roster && (() => roster.current());
  const sources = { file: settings.postcodesFile, dir: settings.postcodesDir };
  const postcodes =
    sources.file !== '' || sources.dir !== ''
      ? await WardDirectory.load({ sources, log, ...(current ? { roster: current } : {}) })
      : undefined;
  return {
    ...(roster && current ? { roster, current } : {}),
    ...(postcodes ? { postcodes } : {}),
    wardSlugOf: (ward) => wardSlugs(roster?.current())(ward),
    reload: async () => {
      await roster?.reload();
      await postcodes?.reload();
    },
    watch: (afterRoster) => {
      // Lists may name wards as the roster does, so a changed roster is a reason to read them again.
      roster?.watch(async () => {
        await postcodes?.reload();
        await afterRoster();
      });
      postcodes?.watch();
    },
    stop: () => {
      roster?.stop();
      postcodes?.stop();
    },
  };
}
