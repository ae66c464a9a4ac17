import { EntraUser, FakeEntra } from './fake-entra';
import { FakeTeamsMeetings } from './fake-teams-meetings';
import { TabApi, TestApp, startTestApp } from './test-app';

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
  const test = await startTestApp({
    env: { ...entra.env(), ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.askTeams ? { trustUnsignedBotActivities: true } : {}),
  });
  return {
    ...test,
    entra,
    teams,
    as: async (user) => new UserApi(test.app.url, await entra.token(user)),
    async stop() {
      await test.stop();
      await Promise.all([entra.stop(), teams.stop()]);
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
