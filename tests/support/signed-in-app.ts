import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../bot/logger';
import { CLIENT_SECRET, COUNCIL_TENANT, EntraUser, FakeEntra } from './fake-entra';
import { FakeGraph } from './fake-graph';
import { FakeTeamsMeetings } from './fake-teams-meetings';
import { TabApi, TestApp, startTestApp } from './test-app';
import type { Scheduler } from '../../bot/services/scheduler';

export interface SignedInAppOptions {
  clock?: () => Date;
  /** Runs the app's background work only when the test moves it on. */
  scheduler?: Scheduler;
  env?: Record<string, string>;
  logger?: Logger;
  /**
   * Switch on "Create the Teams meeting for me": Entra ID's stand-in serves https and exchanges tokens on
   * behalf of councillors, and a Graph stand-in takes the meetings (SignedInTestApp.graph).
   */
  graph?: boolean;
}

export interface SignedInTestApp extends TestApp {
  entra: FakeEntra;
  teams: FakeTeamsMeetings;
  /** Microsoft Graph's stand-in, when asked for (SignedInAppOptions.graph). */
  graph?: FakeGraph;
  /** The councillors' API as this person, with a fresh Teams SSO token. */
  as(user: EntraUser): Promise<UserApi>;
}

/** What a deployed bot is given: its Microsoft app, as the Azure Bot registration names it. */
export const BOT_CREDENTIALS = {
  MICROSOFT_APP_ID: '3f0c5e52-6b1d-4f7e-9a39-2d1f6c8b7a41',
  MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
  MICROSOFT_APP_TENANT_ID: COUNCIL_TENANT,
};

/**
 * The council's roster in signed-in tests: Ada represents Abbey and Castle, Omar the neighbouring Riverside,
 * and Market has nobody yet. Everyone else (Ben, say) runs a surgery only when its organiser adds them.
 */
export const TEST_ROSTER = [
  'ward code,ward name,councillor,email',
  'E05000001,Abbey,Ada Khan,ada.khan@council.example',
  'E05000002,Castle,Ada Khan,ada.khan@council.example',
  'E05000003,Riverside,Omar Farouk,omar.farouk@council.example',
  'E05000004,Market,,',
].join('\n');

/** TEST_ROSTER in a file of its own, as WARDS_FILE names it; production mode does not start without one. */
export function writeTestRoster(): { file: string; remove(): void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'sq-roster-'));
  const file = path.join(folder, 'wards.csv');
  writeFileSync(file, TEST_ROSTER);
  return { file, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * The real app in production mode: Teams sign-in checked against a local Entra ID stand-in, and the
 * bot's credentials set. Its bot takes the tests' unsigned activities (see TestAppOptions.unsignedBot).
 */
export async function startSignedInApp(options: SignedInAppOptions = {}): Promise<SignedInTestApp> {
  const entra = await new FakeEntra().start({ https: options.graph === true });
  const teams = await new FakeTeamsMeetings().start();
  const graph = options.graph ? await new FakeGraph(entra).start() : undefined;
  const roster = writeTestRoster();
  const test = await startTestApp({
    env: {
      LOCAL_MODE: 'false',
      ...BOT_CREDENTIALS,
      ...entra.env(),
      WARDS_FILE: roster.file,
      ...(graph ? { AAD_APP_CLIENT_SECRET: CLIENT_SECRET, GRAPH_BASE_URL: graph.baseUrl } : {}),
      ...options.env,
    },
    ...(graph ? { entraCertificateAuthority: entra.certificate } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    unsignedBot: true,
  });
  return {
    ...test,
    entra,
    teams,
    ...(graph ? { graph } : {}),
    as: async (user) => new UserApi(test.app.url, await entra.token(user)),
    async stop() {
      await test.stop();
      await Promise.all([entra.stop(), teams.stop(), graph?.stop()]);
      roster.remove();
    },
  };
}

/** The councillors' API as one person, with the Teams SSO token the tab would send. */
export class UserApi extends TabApi {
  constructor(
    baseUrl: string,
    readonly token: string,
  ) {
    super(baseUrl, { Authorization: `Bearer ${token}` });
  }
}
