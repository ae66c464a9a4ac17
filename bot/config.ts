/**
 * Every setting the server reads, with its environment variable, default and meaning. index.ts reads
 * process.env once through loadConfig; nothing else reads the environment. README's configuration
 * table is generated from this list (npm run config:doc), so the two cannot drift.
 */

export interface Config {
  port: number;
  host: string;
  tablesConnectionString: string;
  tablePrefix: string;
  microsoftAppId: string;
  microsoftAppPassword: string;
  microsoftAppTenantId: string;
  microsoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  consultationMinutes: number;
  calledAdmitMinutes: number;
  streamPollMs: number;
}

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  description: string;
  default?: string;
  secret?: boolean;
  parse: (raw: string) => Config[K] | undefined;
  expected: string;
}

const integer = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};
const text = (raw: string) => raw;

export const LOCAL_TABLES_CONNECTION_STRING = 'UseDevelopmentStorage=true';

type AnySetting = { [K in keyof Config]: Setting<K> }[keyof Config];

export const SETTINGS: readonly AnySetting[] = [
  { key: 'port', env: 'PORT', default: '3978', description: 'Port the server listens on.', parse: integer(0, 65535), expected: 'a port number' },
  { key: 'host', env: 'HOST', default: '0.0.0.0', description: 'Address the server listens on.', parse: text, expected: 'an address' },
  {
    key: 'tablesConnectionString',
    env: 'TABLES_CONNECTION_STRING',
    default: LOCAL_TABLES_CONNECTION_STRING,
    description: 'Azure Table storage connection string. The default is the local Azurite emulator.',
    secret: true,
    parse: (raw) => (raw.trim() === '' ? undefined : raw),
    expected: 'a connection string',
  },
  {
    key: 'tablePrefix',
    env: 'TABLE_PREFIX',
    default: 'sq',
    description: 'Prefix of every table name, so several environments can share a storage account.',
    parse: (raw) => (/^[A-Za-z][A-Za-z0-9]{0,20}$/.test(raw) ? raw : undefined),
    expected: 'a letter then up to 20 letters or digits',
  },
  {
    key: 'microsoftAppId',
    env: 'MICROSOFT_APP_ID',
    default: '',
    description: "The bot's Microsoft app (client) id. Empty means local mode: no sign-in, not for production.",
    parse: (raw) => (raw === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw) ? raw : undefined),
    expected: 'empty or a GUID',
  },
  {
    key: 'microsoftAppPassword',
    env: 'MICROSOFT_APP_PASSWORD',
    default: '',
    description: "The bot's client secret (empty with a managed identity).",
    secret: true,
    parse: text,
    expected: 'text',
  },
  {
    key: 'microsoftAppTenantId',
    env: 'MICROSOFT_APP_TENANT_ID',
    default: '',
    description: "The council's Entra ID tenant id (single-tenant and managed identity bots).",
    parse: text,
    expected: 'text',
  },
  {
    key: 'microsoftAppType',
    env: 'MICROSOFT_APP_TYPE',
    default: 'SingleTenant',
    description: 'How the bot signs in: SingleTenant, MultiTenant or UserAssignedMSI.',
    parse: (raw) => (raw === 'MultiTenant' || raw === 'SingleTenant' || raw === 'UserAssignedMSI' ? raw : undefined),
    expected: 'SingleTenant, MultiTenant or UserAssignedMSI',
  },
  {
    key: 'consultationMinutes',
    env: 'CONSULTATION_MINUTES',
    default: '10',
    description: 'Expected length of one consultation, in minutes, for wait estimates.',
    parse: integer(1, 120),
    expected: 'whole minutes from 1 to 120',
  },
  {
    key: 'calledAdmitMinutes',
    env: 'CALLED_ADMIT_MINUTES',
    default: '5',
    description: 'How soon a called resident is told they will be let in from the lobby, in minutes.',
    parse: integer(1, 60),
    expected: 'whole minutes from 1 to 60',
  },
  {
    key: 'streamPollMs',
    env: 'STREAM_POLL_MS',
    default: '1000',
    description: "How often a server checks storage for queue changes made by other instances, in milliseconds.",
    parse: integer(100, 60000),
    expected: 'milliseconds from 100 to 60000',
  },
];

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks every setting; throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const values: Partial<Record<keyof Config, unknown>> = {};
  for (const setting of SETTINGS) {
    const raw = env[setting.env] ?? setting.default;
    if (raw === undefined) {
      problems.push(`${setting.env} is required: ${setting.description}`);
      continue;
    }
    const value = setting.parse(raw);
    if (value === undefined) problems.push(`${setting.env} must be ${setting.expected}${setting.secret ? '' : ` (got "${raw}")`}.`);
    else values[setting.key] = value;
  }
  const config = values as Config;
  if (problems.length === 0 && config.microsoftAppId !== '' && config.microsoftAppType !== 'MultiTenant' && config.microsoftAppTenantId === '') {
    problems.push('MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_ID is set for a single-tenant or managed identity bot.');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Local mode: no Microsoft app configured, so no sign-in. For development only, and shown as such. */
export function isLocalMode(config: Config): boolean {
  return config.microsoftAppId === '';
}
