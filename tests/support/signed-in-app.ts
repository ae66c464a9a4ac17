import { loadConfig } from '../../bot/config';
import { startApp } from '../../bot/index';
import { silentLogger } from '../../bot/logger';
import { startAzurite, uniqueTablePrefix } from './azurite';
import { EntraUser, FakeEntra } from './fake-entra';
import { FakeTeamsMeetings } from './fake-teams-meetings';
import { RecordingConnector } from './recording-connector';
import { TabApi, TestApp } from './test-app';

export interface SignedInAppOptions {
  /** Let the bot ask the fake Teams meeting API although it has no app id (see AppOptions). */
  askTeams?: boolean;
  clock?: () => Date;
  env?: Record<string, string>;
}

export interface SignedInTestApp extends TestApp {
  entra: FakeEntra;
  teams: FakeTeamsMeetings;
  /** The councillors' API as this person, with a fresh Teams SSO token. */
  as(user: EntraUser): Promise<UserApi>;
}

/** The real app in production-like mode: Teams sign-in checked against a local Entra ID stand-in. */
export async function startSignedInApp(options: SignedInAppOptions = {}): Promise<SignedInTestApp> {
  const entra = await new FakeEntra().start();
  const teams = await new FakeTeamsMeetings().start();
  const azurite = await startAzurite();
  const connector = await new RecordingConnector().start();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    TABLES_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: uniqueTablePrefix(),
    STREAM_POLL_MS: '200',
    ...entra.env(),
    ...options.env,
  });
  const app = await startApp(config, {
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.askTeams ? { trustUnsignedBotActivities: true } : {}),
  });
  return {
    app,
    azurite,
    connector,
    entra,
    teams,
    api: new TabApi(app.url),
    as: async (user) => new UserApi(app.url, await entra.token(user)),
    async stop() {
      await app.stop();
      await Promise.all([connector.stop(), azurite.stop(), entra.stop(), teams.stop()]);
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
