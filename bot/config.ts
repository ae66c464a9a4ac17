/**
 * Every setting the server reads, with its environment variable, default and meaning. index.ts reads
 * process.env once through loadConfig; nothing else reads the environment. README's configuration
 * table is generated from this list (npm run config:doc), so the two cannot drift.
 */
import type { OfficerAccount } from './domain/data-request';
import type { OutsideWardPolicy } from './domain/ward-check';
import type { LogLevel } from './logger';

/** Every setting, grouped by the part of the server that reads it. */
export interface Config {
  /** How the server runs, listens and is reached. */
  server: {
    localMode: boolean;
    port: number;
    logLevel: LogLevel | '';
    host: string;
    publicBaseUrl: string;
  };
  /** Azure Table storage. */
  storage: {
    connectionString: string;
    tablePrefix: string;
    callTimeoutMs: number;
  };
  /** The bot's Bot Framework app. */
  bot: {
    appId: string;
    appPassword: string;
    tenantId: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  /** The live queue: estimates, alerts, the tab's live view and the topics offered. */
  queue: {
    consultationMinutes: number;
    openEarlyMinutes: number;
    calledAdmitMinutes: number;
    streamPollMs: number;
    tickSeconds: number;
    gettingCloseMinutes: number;
    topicsFile: string;
  };
  /** Councillors' and officers' sign-in (Entra ID), and Graph on their behalf. */
  auth: {
    clientId: string;
    appIdUri: string;
    allowedTenantIds: string[];
    authorityHost: string;
    v1IssuerHost: string;
    clientSecret: string;
    graphBaseUrl: string;
    streamTicketSecret: string;
    officerAccounts: OfficerAccount[];
  };
  /** Sending what residents are promised: retries, leases and pace. */
  outbox: {
    retryWindowMinutes: number;
    retryBaseMs: number;
    sendTimeoutSeconds: number;
    leaseSeconds: number;
    /** This instance's share of Teams' messages a second in the tenant. */
    teamsSendsPerSecond: number;
    pollMs: number;
  };
  /** Emails and texts to residents: GOV.UK Notify, or files on this machine. */
  notify: {
    apiKey: string;
    baseUrl: string;
    emailTemplateId: string;
    smsTemplateId: string;
    localMailboxDir: string;
  };
  /** Booked slots and their calendar invitations. */
  bookings: {
    /** The council mailbox that sends booked residents' invitations through Graph; empty: Notify sends them. */
    invitesMailbox: string;
    outsideWard: OutsideWardPolicy;
    organiserEmail: string;
  };
  /** Requests each client may make, and how to tell clients apart behind proxies. */
  traffic: {
    rateLimitPerMinute: number;
    botRateLimitPerMinute: number;
    chatRateLimitPerMinute: number;
    directLineTokensPerMinute: number;
    trustedProxyHops: number;
  };
  /** What resident pages say, and their web chat. */
  pages: {
    councilName: string;
    directLineSecret: string;
    directLineBaseUrl: string;
  };
  /** How long residents' details and the audit trail are kept. */
  retention: {
    days: number;
    checkMinutes: number;
    auditDays: number;
  };
  /** The ward roster and postcode lists. */
  wards: {
    rosterFile: string;
    postcodesFile: string;
    postcodesDir: string;
  };
}

/** Where a setting is kept: its slice of the config, then its name there. */
type SettingKey = { [S in keyof Config]: `${S}.${keyof Config[S] & string}` }[keyof Config];
type ValueAt<P extends SettingKey> = P extends `${infer S extends keyof Config}.${infer K}`
  ? K extends keyof Config[S]
    ? Config[S][K]
    : never
  : never;

interface Setting<K extends SettingKey> {
  key: K;
  env: string;
  description: string;
  default?: string;
  secret?: boolean;
  parse: (raw: string) => ValueAt<K> | undefined;
  expected: string;
}

const integer = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};
const text = (raw: string) => raw;
const isEmailAddress = (raw: string) => /^[^\s@,;:<>"]+@[^\s@,;:<>"]+\.[^\s@,;:<>"]+$/.test(raw) && raw.length <= 254;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// <key name>-<service id>-<secret>: the client signs its requests with the last two.
const NOTIFY_API_KEY =
  /^.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyOrGuid = (raw: string) => (raw === '' || GUID.test(raw) ? raw.toLowerCase() : undefined);
const guidList = (raw: string) => {
  const ids = raw
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  return ids.every((id) => GUID.test(id)) ? ids : undefined;
};
// Keys and tokens are only trusted from https hosts; plain http is allowed on this machine so tests can serve keys.
const signInHost = (raw: string) => {
  try {
    const { protocol, hostname, pathname, search, hash } = new URL(raw);
    const local = protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost');
    return (protocol === 'https:' || local) && pathname === '/' && search === '' && hash === '' ? raw.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
};

// Like signInHost, but with a path (Graph's version), as Graph's own address has one.
const serviceBase = (raw: string) => {
  try {
    const { protocol, hostname, search, hash } = new URL(raw);
    const local = protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost');
    return (protocol === 'https:' || local) && search === '' && hash === '' ? raw.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
};

// Links residents open: the site's address, without a trailing slash, query or fragment.
const publicUrl = (raw: string) => {
  try {
    const { protocol, search, hash } = new URL(raw);
    return (protocol === 'https:' || protocol === 'http:') && search === '' && hash === '' ? raw.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
};

const LOCAL_TABLES_CONNECTION_STRING = 'UseDevelopmentStorage=true';
export const LOCAL_MAILBOX_DIR = '.data/mailbox';

type AnySetting = { [K in SettingKey]: Setting<K> }[SettingKey];

export const SETTINGS: readonly AnySetting[] = [
  {
    key: 'server.localMode',
    env: 'LOCAL_MODE',
    default: 'false',
    description:
      'true runs the server for development on this machine (npm start sets it): nobody signs in, the bot takes activities without a Bot Framework token and the tab shows a "Local mode — not for production" banner. The server then listens on loopback only and keeps data only in the local storage emulator; it refuses to start with any sign-in setting set too.',
    parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
    expected: 'true or false',
  },
  {
    key: 'server.port',
    env: 'PORT',
    default: '3978',
    description: 'Port the server listens on.',
    parse: integer(0, 65535),
    expected: 'a port number',
  },
  {
    key: 'server.logLevel',
    env: 'LOG_LEVEL',
    default: '',
    description:
      'debug also logs each request answered; info leaves those out. Empty: info in local mode, whose log is short lines for a person to read, otherwise debug, as one JSON line per event.',
    parse: (raw) => (raw === '' || raw === 'debug' || raw === 'info' ? raw : undefined),
    expected: 'debug, info or empty',
  },
  {
    key: 'server.host',
    env: 'HOST',
    default: '',
    description:
      'Address the server listens on. Empty: 127.0.0.1 in local mode, otherwise 0.0.0.0 (every interface, as App Service needs). In local mode only a loopback address (127.0.0.1, ::1, localhost) is accepted.',
    parse: text,
    expected: 'an address',
  },
  {
    key: 'storage.connectionString',
    env: 'TABLES_CONNECTION_STRING',
    default: LOCAL_TABLES_CONNECTION_STRING,
    description: 'Azure Table storage connection string. The default is the local Azurite emulator.',
    secret: true,
    parse: (raw) => (raw.trim() === '' ? undefined : raw),
    expected: 'a connection string',
  },
  {
    key: 'storage.tablePrefix',
    env: 'TABLE_PREFIX',
    default: 'sq',
    description: 'Prefix of every table name, so several environments can share a storage account.',
    parse: (raw) => (/^[A-Za-z][A-Za-z0-9]{0,20}$/.test(raw) ? raw : undefined),
    expected: 'a letter then up to 20 letters or digits',
  },
  {
    key: 'storage.callTimeoutMs',
    env: 'STORAGE_CALL_TIMEOUT_MS',
    default: '2500',
    description:
      'How long one call to storage may take, its retries included, in milliseconds. A call that gets no answer in this time fails alone, and the tab is answered 503 (STORAGE.UNAVAILABLE) or the resident asked to send that again. Storage counts as down after calls refused or reset, or three timeouts in a row with no answer between: then calls fail at once while one at a time looks for it back, and any answer ends the outage. The default keeps the promise that the tab and the bot answer within 3 s when storage is down; a larger value is for a slow or distant storage account.',
    parse: integer(200, 60_000),
    expected: 'milliseconds from 200 to 60000',
  },
  {
    key: 'bot.appId',
    env: 'MICROSOFT_APP_ID',
    default: '',
    description:
      "The bot's Microsoft app (client) id. Required outside local mode: the Bot Framework signs every activity for it, and the server refuses activities nobody signed.",
    parse: (raw) => (raw === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw) ? raw : undefined),
    expected: 'empty or a GUID',
  },
  {
    key: 'bot.appPassword',
    env: 'MICROSOFT_APP_PASSWORD',
    default: '',
    description:
      "The bot's client secret. Required with MICROSOFT_APP_ID, except with a managed identity (UserAssignedMSI), which has none.",
    secret: true,
    parse: text,
    expected: 'text',
  },
  {
    key: 'bot.tenantId',
    env: 'MICROSOFT_APP_TENANT_ID',
    default: '',
    description:
      "The council's Entra ID tenant id (single-tenant and managed identity bots, and wherever WARDS_FILE is set: the roster's work emails are trusted in this tenant only).",
    parse: text,
    expected: 'text',
  },
  {
    key: 'bot.appType',
    env: 'MICROSOFT_APP_TYPE',
    default: 'SingleTenant',
    description: 'How the bot signs in: SingleTenant, MultiTenant or UserAssignedMSI.',
    parse: (raw) => (raw === 'MultiTenant' || raw === 'SingleTenant' || raw === 'UserAssignedMSI' ? raw : undefined),
    expected: 'SingleTenant, MultiTenant or UserAssignedMSI',
  },
  {
    key: 'queue.consultationMinutes',
    env: 'CONSULTATION_MINUTES',
    default: '10',
    description:
      "Expected length of one consultation, in minutes, before a surgery has its own; each surgery's estimates learn from its finished consultations.",
    parse: integer(1, 120),
    expected: 'whole minutes from 1 to 120',
  },
  {
    key: 'queue.openEarlyMinutes',
    env: 'OPEN_EARLY_MINUTES',
    default: '30',
    description:
      'How long before its start a surgery can be opened, in minutes. Opening it earlier asks the councillor first, saying which day it is on.',
    parse: integer(0, 720),
    expected: 'whole minutes from 0 to 720',
  },
  {
    key: 'queue.calledAdmitMinutes',
    env: 'CALLED_ADMIT_MINUTES',
    default: '5',
    description: 'How soon a called resident is told they will be let in from the lobby, in minutes.',
    parse: integer(1, 60),
    expected: 'whole minutes from 1 to 60',
  },
  {
    key: 'queue.streamPollMs',
    env: 'STREAM_POLL_MS',
    default: '100',
    description:
      'How often a server checks storage for queue changes made by other instances, in milliseconds: one small read per surgery that has a tab streaming from this server, none while no tab is open.',
    parse: integer(100, 60000),
    expected: 'milliseconds from 100 to 60000',
  },
  {
    key: 'auth.clientId',
    env: 'AAD_APP_CLIENT_ID',
    default: '',
    description:
      "Client id of the tab's Entra ID app registration, for Teams single sign-on. Required outside local mode, with AAD_APP_ID_URI and ALLOWED_TENANT_IDS.",
    parse: emptyOrGuid,
    expected: 'empty or a GUID',
  },
  {
    key: 'auth.appIdUri',
    env: 'AAD_APP_ID_URI',
    default: '',
    description: "The tab's Application ID URI, api://<host>/<client id>: the audience of Teams sign-in tokens.",
    parse: (raw) => (raw === '' || /^api:\/\/[^\s]+$/.test(raw) ? raw : undefined),
    expected: 'empty or api://<host>/<client id>',
  },
  {
    key: 'auth.allowedTenantIds',
    env: 'ALLOWED_TENANT_IDS',
    default: '',
    description: 'Entra ID tenants whose people may sign in to the tab, as tenant ids separated by commas.',
    parse: guidList,
    expected: 'tenant ids (GUIDs) separated by commas',
  },
  {
    key: 'auth.authorityHost',
    env: 'ENTRA_AUTHORITY_HOST',
    default: 'https://login.microsoftonline.com',
    description: 'Where Entra ID publishes signing keys (<host>/<tenant>/discovery/v2.0/keys) and issues v2 tokens (<host>/<tenant>/v2.0).',
    parse: signInHost,
    expected: 'an https URL with no path',
  },
  {
    key: 'auth.v1IssuerHost',
    env: 'ENTRA_V1_ISSUER_HOST',
    default: 'https://sts.windows.net',
    description: 'Issuer of v1 tokens (<host>/<tenant>/), for app registrations that still issue them.',
    parse: signInHost,
    expected: 'an https URL with no path',
  },
  {
    key: 'auth.clientSecret',
    env: 'AAD_APP_CLIENT_SECRET',
    default: '',
    description:
      "A client secret of the tab's Entra ID app registration. With it the server trades a councillor's Teams sign-in for a Microsoft Graph token (the on-behalf-of flow) and the set-up form offers \"Create the Teams meeting for me\": an event with a Teams meeting in the organising councillor's calendar (delegated Calendars.ReadWrite and OnlineMeetings.ReadWrite, see the officer guide). Empty: councillors paste a join link. Tokens are never logged or stored.",
    secret: true,
    parse: text,
    expected: 'text',
  },
  {
    key: 'auth.graphBaseUrl',
    env: 'GRAPH_BASE_URL',
    default: 'https://graph.microsoft.com/v1.0',
    description: 'Where Microsoft Graph is, with its version: the meeting is made there (<base>/me/events, <base>/me/onlineMeetings).',
    parse: serviceBase,
    expected: 'an https URL with no query',
  },
  {
    key: 'bookings.invitesMailbox',
    env: 'INVITES_MAILBOX',
    default: '',
    description:
      "The council mailbox that sends booked residents' confirmations, new times and cancellations by email, through Microsoft Graph (<base>/users/<mailbox>/sendMail, in MIME format), as meeting requests (iMIP: the invitation as the email's text/calendar part), so Outlook and other calendars offer Accept and Decline, then update or remove the appointment; it is then the invitations' organiser in place of ORGANISER_EMAIL, and residents' answers arrive there. Needs AAD_APP_CLIENT_SECRET and the application permission Mail.Send (see the officer guide). Texts, and other emails, go as before. Empty: GOV.UK Notify sends these emails too, with a link to the calendar file.",
    parse: (raw) => (raw === '' || isEmailAddress(raw) ? raw : undefined),
    expected: 'an email address, or empty',
  },
  {
    key: 'auth.streamTicketSecret',
    env: 'STREAM_TICKET_SECRET',
    default: '',
    description:
      'Key that signs the short-lived tickets the tab opens its live queue with. Empty: a random key per process, which is enough for one instance; several instances need the same value.',
    secret: true,
    parse: (raw) => (raw === '' || raw.length >= 32 ? raw : undefined),
    expected: 'empty or at least 32 characters',
  },
  {
    key: 'outbox.retryWindowMinutes',
    env: 'OUTBOX_RETRY_WINDOW_MINUTES',
    default: '10',
    description:
      'How long a message to a resident is tried again, from its first failure worth retrying (throttled, a fault at Teams or Notify, no answer), before the tab shows it not delivered. A chat that is closed or blocked, or a message refused, shows at once.',
    parse: integer(1, 1440),
    expected: 'whole minutes from 1 to 1440',
  },
  {
    key: 'outbox.retryBaseMs',
    env: 'OUTBOX_RETRY_BASE_MS',
    default: '2000',
    description: 'First wait before trying a message again, in milliseconds; it doubles each time (with jitter), up to a minute.',
    parse: integer(10, 60000),
    expected: 'milliseconds from 10 to 60000',
  },
  {
    key: 'outbox.sendTimeoutSeconds',
    env: 'SEND_TIMEOUT_SECONDS',
    default: '10',
    description:
      'How long one send to Teams (one call to the Bot Connector, which the outbox retries itself) or to GOV.UK Notify may take before it is given up as no answer and tried again later.',
    parse: integer(1, 120),
    expected: 'seconds from 1 to 120',
  },
  {
    key: 'outbox.leaseSeconds',
    env: 'OUTBOX_LEASE_SECONDS',
    default: '30',
    description: 'How long an instance may take to send a message before another instance may send it instead.',
    parse: integer(1, 600),
    expected: 'seconds from 1 to 600',
  },
  {
    key: 'outbox.teamsSendsPerSecond',
    env: 'TEAMS_SENDS_PER_SECOND',
    default: '50',
    description:
      'How many messages a second this instance sends to Teams, all chats together. Teams allows a bot about 50 a second in a tenant, shared by every instance: with several, give each 50 divided by their number (the Bicep does, from instanceCount).',
    parse: integer(1, 50),
    expected: 'a whole number from 1 to 50',
  },
  {
    key: 'outbox.pollMs',
    env: 'OUTBOX_POLL_MS',
    default: '500',
    description: 'How often the outbox is checked for messages to send or retry, in milliseconds.',
    parse: integer(50, 60000),
    expected: 'milliseconds from 50 to 60000',
  },
  {
    key: 'traffic.rateLimitPerMinute',
    env: 'RATE_LIMIT_PER_MINUTE',
    default: '300',
    description:
      'Requests one client (IP address) may make per minute to the tab, its API and /healthz; more are refused with 429 until the minute allows.',
    parse: integer(1, 1_000_000),
    expected: 'a whole number from 1 to 1000000',
  },
  {
    key: 'traffic.botRateLimitPerMinute',
    env: 'BOT_RATE_LIMIT_PER_MINUTE',
    default: '1200',
    description:
      "Activities /api/messages takes per minute from one IP address. High, because Microsoft's Bot Connector brings every resident's messages from a few addresses.",
    parse: integer(1, 1_000_000),
    expected: 'a whole number from 1 to 1000000',
  },
  {
    key: 'traffic.chatRateLimitPerMinute',
    env: 'CHAT_RATE_LIMIT_PER_MINUTE',
    default: '60',
    description: 'Activities /api/messages takes per minute from one conversation, so one chat cannot flood the queue.',
    parse: integer(1, 1_000_000),
    expected: 'a whole number from 1 to 1000000',
  },
  {
    key: 'traffic.directLineTokensPerMinute',
    env: 'DIRECT_LINE_TOKENS_PER_MINUTE',
    default: '10',
    description:
      'Web chat conversations (Direct Line tokens from POST /api/directline/token) one client (IP address) may start per minute, on top of RATE_LIMIT_PER_MINUTE: each one is a conversation with Azure Bot Service.',
    parse: integer(1, 1_000_000),
    expected: 'a whole number from 1 to 1000000',
  },
  {
    key: 'traffic.trustedProxyHops',
    env: 'TRUSTED_PROXY_HOPS',
    default: '0',
    description:
      "Proxies in front of the server that add the caller's address to X-Forwarded-For (1 on Azure App Service). Rate limits count per client: 0 takes the connection's address and ignores the header.",
    parse: integer(0, 5),
    expected: 'a whole number from 0 to 5',
  },
  {
    key: 'server.publicBaseUrl',
    env: 'PUBLIC_BASE_URL',
    default: 'http://localhost:3978',
    description: "Address residents reach this server at, for links the bot gives them (each visit's status page).",
    parse: publicUrl,
    expected: 'an http or https URL with no query',
  },
  {
    key: 'pages.councilName',
    env: 'COUNCIL_NAME',
    default: 'the council',
    description:
      'The council holding residents\' details, as the privacy notice and resident pages name it, e.g. "Riverside Borough Council".',
    parse: (raw) => (raw.trim() !== '' && raw.length <= 100 ? raw.trim() : undefined),
    expected: 'a name of up to 100 characters',
  },
  {
    key: 'retention.days',
    env: 'RETENTION_DAYS',
    default: '30',
    description: "How many days residents' details are kept after their surgery, as the privacy notice tells them.",
    parse: integer(1, 3650),
    expected: 'whole days from 1 to 3650',
  },
  {
    key: 'retention.checkMinutes',
    env: 'RETENTION_CHECK_MINUTES',
    default: '60',
    description:
      "How often each server removes residents' details that are past RETENTION_DAYS (and audit entries past AUDIT_RETENTION_DAYS), in minutes. It also does so once at start.",
    parse: integer(1, 1440),
    expected: 'whole minutes from 1 to 1440',
  },
  {
    key: 'retention.auditDays',
    env: 'AUDIT_RETENTION_DAYS',
    default: '365',
    description: "How many days the audit trail (who viewed or changed residents' records, and officers' data requests) is kept.",
    parse: integer(1, 3650),
    expected: 'whole days from 1 to 3650',
  },
  {
    key: 'auth.officerAccounts',
    env: 'OFFICER_ACCOUNTS',
    default: '',
    description:
      "Officers who may export or erase everything held about a resident (subject access and erasure requests), each as <tenant id>/<object id> (both from the officer's Entra ID profile), separated by commas. A sign-in name (email) or a bare object id is refused as ambiguous. Empty: nobody, except the local user in local mode.",
    parse: (raw) => {
      const accounts = raw
        .split(',')
        .map((account) => account.trim().toLowerCase())
        .filter((account) => account !== '')
        .map((account) => account.split('/'));
      return accounts.every((parts) => parts.length === 2 && parts.every((id) => GUID.test(id)))
        ? accounts.map(([tenantId, objectId]) => ({ tenantId: tenantId!, objectId: objectId! }))
        : undefined;
    },
    expected:
      "each officer as <tenant id>/<object id>, two GUIDs from the officer's Entra ID profile, separated by commas. A sign-in name (email) alone or an object id without its tenant is ambiguous: another tenant's account could match it",
  },
  {
    key: 'pages.directLineSecret',
    env: 'DIRECT_LINE_SECRET',
    default: '',
    description:
      "A secret key of the Azure Bot's Direct Line channel. The server trades it for short-lived web chat tokens (POST /api/directline/token) and never sends it out. Empty: no web chat.",
    secret: true,
    parse: text,
    expected: 'text',
  },
  {
    key: 'pages.directLineBaseUrl',
    env: 'DIRECT_LINE_BASE_URL',
    default: 'https://directline.botframework.com',
    description:
      'Where Direct Line tokens are made (<host>/v3/directline/tokens/generate). A regional endpoint, e.g. https://europe.directline.botframework.com, keeps traffic in Europe.',
    parse: signInHost,
    expected: 'an https URL with no path',
  },
  {
    key: 'queue.tickSeconds',
    env: 'SURGERY_TICK_SECONDS',
    default: '30',
    description:
      "How often each server looks again at every open surgery's estimates as time passes, in seconds: it updates place cards whose news changed and sends alerts that are due.",
    parse: integer(1, 600),
    expected: 'seconds from 1 to 600',
  },
  {
    key: 'queue.gettingCloseMinutes',
    env: 'GETTING_CLOSE_MINUTES',
    default: '5',
    description: 'A waiting resident is sent "it is nearly your turn" when their estimated call is this many minutes away.',
    parse: integer(1, 30),
    expected: 'whole minutes from 1 to 30',
  },
  {
    key: 'notify.apiKey',
    env: 'NOTIFY_API_KEY',
    default: '',
    description:
      'A GOV.UK Notify API key, for emails and text messages to residents who give an email address or mobile number. Empty: they are written to files in LOCAL_MAILBOX_DIR instead, and nobody is sent anything.',
    secret: true,
    parse: (raw) => (raw === '' || NOTIFY_API_KEY.test(raw) ? raw : undefined),
    expected: 'empty or a Notify API key (<key name>-<service id>-<secret>)',
  },
  {
    key: 'notify.baseUrl',
    env: 'NOTIFY_BASE_URL',
    default: 'https://api.notifications.service.gov.uk',
    description: "Where GOV.UK Notify's API is.",
    parse: signInHost,
    expected: 'an https URL with no path',
  },
  {
    key: 'notify.emailTemplateId',
    env: 'NOTIFY_EMAIL_TEMPLATE_ID',
    default: '',
    description:
      'The id of the Notify email template whose subject is ((subject)) and whose message is ((body)). Required with NOTIFY_API_KEY.',
    parse: emptyOrGuid,
    expected: 'empty or a GUID',
  },
  {
    key: 'notify.smsTemplateId',
    env: 'NOTIFY_SMS_TEMPLATE_ID',
    default: '',
    description: 'The id of the Notify text message template whose message is ((body)). Required with NOTIFY_API_KEY.',
    parse: emptyOrGuid,
    expected: 'empty or a GUID',
  },
  {
    key: 'notify.localMailboxDir',
    env: 'LOCAL_MAILBOX_DIR',
    default: LOCAL_MAILBOX_DIR,
    description:
      'Without NOTIFY_API_KEY, the folder each email (.eml) and text message (.txt) to a resident is written to instead of being sent.',
    parse: (raw) => (raw.trim() === '' ? undefined : raw),
    expected: 'a folder path',
  },
  {
    key: 'wards.rosterFile',
    env: 'WARDS_FILE',
    default: '',
    description:
      "The council's ward roster: a CSV file with a row per councillor (ward code, ward name, councillor, email, and optionally entra object id). Surgeries are set up in its wards, and postcode lists may name wards by code. Checked at start (the server will not start with problems in it, naming the line) and read again when it changes or on SIGHUP. Required outside local mode; in local mode, empty: none.",
    parse: text,
    expected: 'a file path',
  },
  {
    key: 'queue.topicsFile',
    env: 'TOPICS_FILE',
    default: '',
    description:
      'The topics a councillor picks from when marking a resident seen, for the statistics: a text file with one topic per line, in the order offered (2 to 30 topics, 60 characters each at most; blank lines and lines starting with "#" are skipped). Checked at start: the server will not start with a problem in it, naming the line. Empty: roads and pavements, street lighting, parking, rubbish and recycling, housing repairs, planning, antisocial behaviour, council tax and benefits, schools, something else.',
    parse: text,
    expected: 'a file path',
  },
  {
    key: 'wards.postcodesFile',
    env: 'WARD_POSTCODES_FILE',
    default: '',
    description:
      "A council-wide postcode list: a CSV file with postcode and ward columns, to tell councillors whether each resident lives in the surgery's ward. Checked at start (the server will not start with problems in it) and read again when it changes or on SIGHUP. Empty: none.",
    parse: text,
    expected: 'a file path',
  },
  {
    key: 'wards.postcodesDir',
    env: 'WARD_POSTCODES_DIR',
    default: '',
    description:
      'A folder of postcode lists, one CSV file per ward: castle.csv lists the postcodes in Castle ward (a ward column, if there is one, wins). Checked and read again like WARD_POSTCODES_FILE; both may be set. Empty: none.',
    parse: text,
    expected: 'a folder path',
  },
  {
    key: 'bookings.outsideWard',
    env: 'OUTSIDE_WARD_BOOKINGS',
    default: 'allow',
    description:
      'Whether a resident whose postcode is in another ward may book a slot: allow (the booking is marked for the councillor) or refuse.',
    parse: (raw) => (raw === 'allow' || raw === 'refuse' ? raw : undefined),
    expected: 'allow or refuse',
  },
  {
    key: 'bookings.organiserEmail',
    env: 'ORGANISER_EMAIL',
    default: 'surgeries@example.gov.uk',
    description:
      "The council's surgeries mailbox: with COUNCIL_NAME, the organiser named on the calendar invitation each booked resident is sent.",
    parse: (raw) => (isEmailAddress(raw) ? raw : undefined),
    expected: 'an email address',
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
  const values: Record<string, Record<string, unknown>> = {};
  for (const setting of SETTINGS) {
    const [slice, name] = setting.key.split('.') as [string, string];
    // Every slice exists even when all its settings are wrong, so the checks below read each setting safely.
    const settings = (values[slice] ??= {});
    const raw = env[setting.env] ?? setting.default;
    if (raw === undefined) {
      problems.push(`${setting.env} is required: ${setting.description}`);
      continue;
    }
    const value = setting.parse(raw);
    if (value === undefined) problems.push(`${setting.env} must be ${setting.expected}${setting.secret ? '' : ` (got "${raw}")`}.`);
    else settings[name] = value;
  }
  const config = values as unknown as Config;
  if (problems.length === 0) {
    problems.push(...(config.server.localMode ? localModeProblems(config) : signInProblems(config)));
    if (config.server.host === '') config.server.host = config.server.localMode ? '127.0.0.1' : '0.0.0.0';
  }
  if (config.server.localMode === false && config.wards.rosterFile === '') {
    problems.push(
      "WARDS_FILE is required outside local mode: the ward roster decides who may set up, run and read the figures of each ward's surgeries, and without it anyone signed in could. Give the path of the roster CSV (the officer guide says how to make it and where to keep it).",
    );
  }
  // Other bots need the tenant id to sign in, and are told so with the sign-in settings.
  if (config.server.localMode === false && config.bot.appType === 'MultiTenant' && config.bot.tenantId === '') {
    problems.push(
      "MICROSOFT_APP_TENANT_ID is required with WARDS_FILE outside local mode, even for a multi-tenant bot: the roster names councillors by work email, and those are only trusted in the council's own tenant.",
    );
  }
  if (config.notify.apiKey && (config.notify.emailTemplateId === '' || config.notify.smsTemplateId === '')) {
    problems.push(
      'NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_SMS_TEMPLATE_ID are required when NOTIFY_API_KEY is set: see the officer guide for the two templates to make in Notify.',
    );
  }
  if (config.server.localMode === false && config.bookings.invitesMailbox !== '' && config.auth.clientSecret === '') {
    problems.push(
      'INVITES_MAILBOX needs AAD_APP_CLIENT_SECRET: the server sends from the mailbox as the tab’s app registration, with the application permission Mail.Send (the officer guide says how).',
    );
  }
  if (problems.length === 0) problems.push(...outboxProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

// Settings that are each valid but together would send a message twice, or never retry one.
function outboxProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.outbox.sendTimeoutSeconds >= config.outbox.leaseSeconds) {
    problems.push(
      `SEND_TIMEOUT_SECONDS (${config.outbox.sendTimeoutSeconds}) must be shorter than OUTBOX_LEASE_SECONDS (${config.outbox.leaseSeconds}): a send still waiting when its lease runs out could be sent by another instance too.`,
    );
  }
  if (config.outbox.retryBaseMs >= config.outbox.retryWindowMinutes * 60_000) {
    problems.push(
      `OUTBOX_RETRY_BASE_MS (${config.outbox.retryBaseMs} ms) must be shorter than OUTBOX_RETRY_WINDOW_MINUTES (${config.outbox.retryWindowMinutes} minutes), or a failed message would never be tried again.`,
    );
  }
  return problems;
}

/** The settings that switch sign-in on, each with whether it is set. */
function signInSettings(config: Config): [env: string, set: boolean][] {
  return [
    ['MICROSOFT_APP_ID', config.bot.appId !== ''],
    ['MICROSOFT_APP_PASSWORD', config.bot.appPassword !== ''],
    ['MICROSOFT_APP_TENANT_ID', config.bot.tenantId !== ''],
    ['AAD_APP_CLIENT_ID', config.auth.clientId !== ''],
    ['AAD_APP_ID_URI', config.auth.appIdUri !== ''],
    ['ALLOWED_TENANT_IDS', config.auth.allowedTenantIds.length > 0],
  ];
}

/** Sign-in settings that are never required, but mean sign-in all the same. */
function optionalSignInSettings(config: Config): [env: string, set: boolean][] {
  return [
    ['AAD_APP_CLIENT_SECRET', config.auth.clientSecret !== ''],
    ['INVITES_MAILBOX', config.bookings.invitesMailbox !== ''],
  ];
}

const list = (names: string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`);

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;

/** The local storage emulator: Azurite's well-known development account, on this machine. */
function isLocalEmulator(connectionString: string): boolean {
  if (connectionString.trim() === LOCAL_TABLES_CONNECTION_STRING) return true;
  const parts = new Map(
    connectionString
      .split(';')
      .filter((part) => part.includes('='))
      .map((part) => [part.slice(0, part.indexOf('=')).trim().toLowerCase(), part.slice(part.indexOf('=') + 1).trim()]),
  );
  if (parts.get('accountname') !== 'devstoreaccount1') return false;
  const endpoint = parts.get('tableendpoint');
  if (endpoint === undefined) return false;
  try {
    return LOOPBACK.test(new URL(endpoint).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

// Local mode turns sign-in off, so it must never be reachable from elsewhere nor touch real residents' data.
function localModeProblems(config: Config): string[] {
  const problems: string[] = [];
  const signIn = [...signInSettings(config), ...optionalSignInSettings(config)].filter(([, set]) => set).map(([env]) => env);
  if (signIn.length > 0) {
    problems.push(
      `LOCAL_MODE=true turns sign-in off, yet sign-in settings are set too (${list(signIn)}), so it is not clear which was meant. ` +
        'For production remove LOCAL_MODE; for local mode remove those settings.',
    );
  }
  if (config.server.host !== '' && !LOOPBACK.test(config.server.host)) {
    problems.push(
      `LOCAL_MODE=true listens on this machine only, where nobody signs in: HOST must be a loopback address (127.0.0.1, ::1 or localhost) or empty (got "${config.server.host}").`,
    );
  }
  if (!isLocalEmulator(config.storage.connectionString)) {
    problems.push(
      'LOCAL_MODE=true keeps data only in the local storage emulator: TABLES_CONNECTION_STRING must be UseDevelopmentStorage=true or a devstoreaccount1 connection string whose TableEndpoint is on 127.0.0.1 or localhost.',
    );
  }
  return problems;
}

// Outside local mode everyone signs in: councillors to the tab (Entra ID) and channels to the bot (Bot Framework tokens).
function signInProblems(config: Config): string[] {
  const required = signInSettings(config).filter(
    ([env]) =>
      (env !== 'MICROSOFT_APP_PASSWORD' || config.bot.appType !== 'UserAssignedMSI') &&
      (env !== 'MICROSOFT_APP_TENANT_ID' || config.bot.appType !== 'MultiTenant'),
  );
  const missing = required.filter(([, set]) => !set).map(([env]) => env);
  if (missing.length === required.length) {
    return [
      `Nobody could sign in: LOCAL_MODE is not true and the sign-in settings are missing (${list(missing)}). ` +
        'Set them for production (the officer guide says where each comes from), or set LOCAL_MODE=true to try the server on this machine (npm start does).',
    ];
  }
  const problems: string[] = [];
  const bot = missing.filter((env) => env.startsWith('MICROSOFT_APP_'));
  const tab = missing.filter((env) => env.startsWith('AAD_') || env === 'ALLOWED_TENANT_IDS');
  if (bot.length > 0) {
    problems.push(
      `${list(bot)} ${bot.length === 1 ? 'is' : 'are'} required outside local mode: without the bot's Bot Framework credentials anyone could post activities to it.`,
    );
  }
  if (tab.length > 0) {
    problems.push(`${list(tab)} ${tab.length === 1 ? 'is' : 'are'} required outside local mode, so councillors sign in to the tab.`);
  } else if (!config.auth.appIdUri.toLowerCase().endsWith(`/${config.auth.clientId}`)) {
    problems.push(`AAD_APP_ID_URI must end with the client id: api://<host>/${config.auth.clientId}.`);
  }
  return problems;
}
