import { execFile } from 'node:child_process';
import path from 'node:path';
import { Config, ConfigError, loadConfig } from '../../bot/config';
import { azuriteConnectionString } from '../support/azurite';
import { CLIENT_ID, COUNCIL_TENANT } from '../support/fake-entra';
import { BOT_CREDENTIALS } from '../support/signed-in-app';

const root = path.resolve(__dirname, '..', '..');

/** What a council's deployment has besides sign-in: its storage account, its public address, web chat. */
const DEPLOYED = {
  TABLES_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=riversidesq;AccountKey=bm90LWEtcmVhbC1rZXk=;EndpointSuffix=core.windows.net',
  PUBLIC_BASE_URL: 'https://surgeries.riverside.gov.uk',
  DIRECT_LINE_SECRET: 'a-direct-line-secret',
  WARDS_FILE: '/home/site/wwwroot/data/wards.csv',
};
const TEAMS_SIGN_IN = {
  AAD_APP_CLIENT_ID: CLIENT_ID,
  AAD_APP_ID_URI: `api://surgeries.riverside.gov.uk/${CLIENT_ID}`,
  ALLOWED_TENANT_IDS: COUNCIL_TENANT,
};
const SIGNED_IN = { ...DEPLOYED, ...BOT_CREDENTIALS, ...TEAMS_SIGN_IN };
const MANAGED_IDENTITY = {
  ...DEPLOYED,
  ...TEAMS_SIGN_IN,
  MICROSOFT_APP_ID: BOT_CREDENTIALS.MICROSOFT_APP_ID,
  MICROSOFT_APP_TENANT_ID: COUNCIL_TENANT,
  MICROSOFT_APP_TYPE: 'UserAssignedMSI',
};
const EVERY_SIGN_IN_SETTING =
  'MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID, AAD_APP_CLIENT_ID, AAD_APP_ID_URI and ALLOWED_TENANT_IDS';

const NO_ROSTER =
  "WARDS_FILE is required outside local mode: the ward roster decides who may set up, run and read the figures of each ward's surgeries, and without it anyone signed in could. Give the path of the roster CSV (the officer guide says how to make it and where to keep it).";

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('The server fails closed: without sign-in it runs only in local mode, switched on, on this machine', () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      'a real storage account, an https address and a Direct Line secret are set, and nothing about sign-in',
      DEPLOYED,
      [
        `Nobody could sign in: LOCAL_MODE is not true and the sign-in settings are missing (${EVERY_SIGN_IN_SETTING}). ` +
          'Set them for production (the officer guide says where each comes from), or set LOCAL_MODE=true to try the server on this machine (npm start does).',
      ],
    ],
    [
      'nothing at all is set',
      {},
      [
        expect.stringContaining(
          `Nobody could sign in: LOCAL_MODE is not true and the sign-in settings are missing (${EVERY_SIGN_IN_SETTING})`,
        ),
        NO_ROSTER,
      ],
    ],
    ['every sign-in setting is set but there is no ward roster', { ...SIGNED_IN, WARDS_FILE: '' }, [NO_ROSTER]],
    [
      'a multi-tenant bot has a roster but no tenant id',
      { ...SIGNED_IN, MICROSOFT_APP_TYPE: 'MultiTenant', MICROSOFT_APP_TENANT_ID: '' },
      [expect.stringContaining('MICROSOFT_APP_TENANT_ID is required with WARDS_FILE outside local mode, even for a multi-tenant bot')],
    ],
    [
      'Teams sign-in is set but the bot has no credentials',
      { ...DEPLOYED, ...TEAMS_SIGN_IN },
      [
        "MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID are required outside local mode: without the bot's Bot Framework credentials anyone could post activities to it.",
      ],
    ],
    [
      'the bot has an app id but no password, and is not a managed identity',
      { ...SIGNED_IN, MICROSOFT_APP_PASSWORD: '' },
      [
        "MICROSOFT_APP_PASSWORD is required outside local mode: without the bot's Bot Framework credentials anyone could post activities to it.",
      ],
    ],
    [
      'LOCAL_MODE=true is set with an Azure storage account',
      { LOCAL_MODE: 'true', TABLES_CONNECTION_STRING: DEPLOYED.TABLES_CONNECTION_STRING },
      [
        'LOCAL_MODE=true keeps data only in the local storage emulator: TABLES_CONNECTION_STRING must be UseDevelopmentStorage=true or a devstoreaccount1 connection string whose TableEndpoint is on 127.0.0.1 or localhost.',
      ],
    ],
    [
      "LOCAL_MODE=true is set with the emulator's account on another machine",
      { LOCAL_MODE: 'true', TABLES_CONNECTION_STRING: azuriteConnectionString(10002).replace('127.0.0.1', 'storage.riverside.internal') },
      [expect.stringContaining('LOCAL_MODE=true keeps data only in the local storage emulator')],
    ],
    [
      'LOCAL_MODE=true is set with HOST=0.0.0.0',
      { LOCAL_MODE: 'true', HOST: '0.0.0.0' },
      [
        'LOCAL_MODE=true listens on this machine only, where nobody signs in: HOST must be a loopback address (127.0.0.1, ::1 or localhost) or empty (got "0.0.0.0").',
      ],
    ],
    [
      "LOCAL_MODE=true is set with the machine's network address",
      { LOCAL_MODE: 'true', HOST: '192.168.1.20' },
      [expect.stringContaining('HOST must be a loopback address')],
    ],
    [
      'LOCAL_MODE=true is set together with every sign-in setting',
      { ...SIGNED_IN, LOCAL_MODE: 'true', TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true' },
      [
        `LOCAL_MODE=true turns sign-in off, yet sign-in settings are set too (${EVERY_SIGN_IN_SETTING}), so it is not clear which was meant. ` +
          'For production remove LOCAL_MODE; for local mode remove those settings.',
      ],
    ],
    [
      'LOCAL_MODE=true is set with only a bot app id',
      { LOCAL_MODE: 'true', MICROSOFT_APP_ID: BOT_CREDENTIALS.MICROSOFT_APP_ID },
      [expect.stringContaining('LOCAL_MODE=true turns sign-in off, yet sign-in settings are set too (MICROSOFT_APP_ID)')],
    ],
    ['LOCAL_MODE is neither true nor false', { ...SIGNED_IN, LOCAL_MODE: 'yes' }, ['LOCAL_MODE must be true or false (got "yes").']],
  ])('When %s, then the server refuses to start and says why', (_what, env, problems) => {
    expect(problemsOf(env)).toEqual(problems);
  });

  it.each<[string, Record<string, string>, { [S in keyof Config]?: Partial<Config[S]> }]>([
    [
      'LOCAL_MODE=true alone',
      { LOCAL_MODE: 'true' },
      { server: { localMode: true, host: '127.0.0.1' }, storage: { connectionString: 'UseDevelopmentStorage=true' } },
    ],
    [
      'LOCAL_MODE=true with Azurite on localhost and HOST=::1',
      { LOCAL_MODE: 'true', HOST: '::1', TABLES_CONNECTION_STRING: azuriteConnectionString(10002).replace('127.0.0.1', 'localhost') },
      { server: { localMode: true, host: '::1' } },
    ],
    ['every sign-in setting', SIGNED_IN, { server: { localMode: false, host: '0.0.0.0' } }],
    [
      'a managed identity, which has no password',
      MANAGED_IDENTITY,
      { server: { localMode: false, host: '0.0.0.0' }, bot: { appPassword: '' } },
    ],
    ['every sign-in setting and an explicit HOST', { ...SIGNED_IN, HOST: '10.0.0.4' }, { server: { localMode: false, host: '10.0.0.4' } }],
  ])('When the server is given %s, then it starts so', (_what, env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });
});

interface Exit {
  code: number | null;
  stderr: string;
}

/** bot/index.ts as production starts it, with exactly this environment. */
function startServer(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bot', 'index.ts')],
      { cwd: root, env: { PATH: process.env.PATH ?? '', PORT: '0', ...env }, timeout: 60_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

describe('Refusing to start, as a process', () => {
  it('When a deployment has lost its sign-in settings, then the process exits with 78 and names every missing setting', async () => {
    const exit = await startServer(DEPLOYED);
    expect(exit.code).toBe(78);
    expect(exit.stderr).toContain('Configuration is not valid:');
    expect(exit.stderr).toContain(`the sign-in settings are missing (${EVERY_SIGN_IN_SETTING})`);
    expect(exit.stderr).toContain('LOCAL_MODE=true');
    // Secrets are never printed, even in a refusal.
    expect(exit.stderr).not.toContain(DEPLOYED.DIRECT_LINE_SECRET);
    expect(exit.stderr).not.toContain('AccountKey');
  });

  it('When a deployment has every sign-in setting but no ward roster, then the process exits with 78 and names WARDS_FILE', async () => {
    const exit = await startServer({ ...SIGNED_IN, WARDS_FILE: '' });
    expect(exit.code).toBe(78);
    expect(exit.stderr).toContain('WARDS_FILE is required outside local mode');
    expect(exit.stderr).not.toContain('Nobody could sign in');
  });

  it('When local mode is asked to listen on every interface with Azure storage, then the process exits with 78 and says both', async () => {
    const exit = await startServer({ LOCAL_MODE: 'true', HOST: '0.0.0.0', TABLES_CONNECTION_STRING: DEPLOYED.TABLES_CONNECTION_STRING });
    expect(exit.code).toBe(78);
    expect(exit.stderr).toContain('HOST must be a loopback address');
    expect(exit.stderr).toContain('LOCAL_MODE=true keeps data only in the local storage emulator');
    expect(exit.stderr).not.toContain('AccountKey');
  });
});
