import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Config, ConfigError, isLocalMode, loadConfig } from './config';
import { Logger, errorDetails, jsonLogger } from './logger';
import { entraTokenVerifier } from './server/auth/entra-tokens';
import { noTeamsMeetings, rememberingRoles } from './server/auth/meeting-roles';
import { StreamTickets } from './server/auth/stream-tickets';
import { SurgeryAccess } from './server/auth/surgery-access';
import { localCouncillor, teamsSignIn } from './server/councillor-identity';
import { createHttpServer } from './server/http-server';
import { QueueStreams } from './server/queue-streams';
import { Applied, Clock, QueueService } from './services/queue-service';
import { ResidentConversation } from './services/resident-conversation';
import { ResidentUpdates } from './services/resident-updates';
import { OutboxSender } from './services/outbox-sender';
import { Pacer } from './services/pacer';
import { SurgeryTicker } from './services/surgery-ticker';
import { Storage } from './storage/ports';
import { DEFAULT_WAIT_SETTINGS, WaitSettings } from './domain/wait-model';
import { STATUS_TOKEN_BYTES, statusPagePath } from './domain/status-token';
import { createTableStorage } from './storage/tables/table-storage';
import { createTeamsBot } from './teams/bot-adapter';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Storage to use instead of the Table storage named in the config. */
  storage?: Storage;
  /**
   * Tests only: let the bot ask Teams' meeting API (a recording connector) although it has no app id.
   * Without an app id anyone may post activities, say a made-up meeting chat whose serviceUrl answers
   * "Organizer" for anyone; so otherwise meeting roles are only asked for when the bot authenticates.
   */
  trustUnsignedBotActivities?: boolean;
}

export interface RunningApp {
  url: string;
  port: number;
  /** Resolves when every message to residents started so far has been sent or has failed. */
  settled(): Promise<void>;
  /** Looks at every open surgery's estimates now, as the ticker does every SURGERY_TICK_SECONDS. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const newId = () => randomBytes(9).toString('base64url');
const newStatusToken = () => randomBytes(STATUS_TOKEN_BYTES).toString('base64url');

// This file runs from bot/ under tsx and from dist/bot/ once compiled; the tab bundle is in tab/dist either way.
const projectRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../..' : '..');

/** The composition root: builds every part from the config and starts the server. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const clock = options.clock ?? (() => new Date());
  const log = options.logger ?? jsonLogger();
  const onError = (error: unknown) => log.error('background work failed', errorDetails(error));
  const storage =
    options.storage ??
    (await createTableStorage({
      connectionString: config.tablesConnectionString,
      tablePrefix: config.tablePrefix,
      allowInsecureConnection: config.tablesConnectionString.includes('http://') || config.tablesConnectionString === 'UseDevelopmentStorage=true',
    }));
  const wait: WaitSettings = { ...DEFAULT_WAIT_SETTINGS, priorMinutes: config.consultationMinutes, endMarginMinutes: config.notReachedMarginMinutes };

  let streams: QueueStreams | undefined;
  let updates: ResidentUpdates | undefined;
  const queue = new QueueService({
    surgeries: storage.surgeries,
    clock,
    newId,
    newStatusToken,
    statusLinks: storage.statusLinks,
    wait,
    onChanged: (surgeryId) => streams?.changed(surgeryId),
    onApplied: (applied: Applied) => updates?.afterChange(applied),
  });
  const statusUrl = (token: string) => `${config.publicBaseUrl}${statusPagePath(token)}`;
  const privacy = { councilName: config.councilName, retentionDays: config.retentionDays };
  const conversation = new ResidentConversation({ queue, chats: storage.chats, wait, clock, calledAdmitMinutes: config.calledAdmitMinutes, privacy, statusUrl });
  const askTeams = config.microsoftAppId !== '' || options.trustUnsignedBotActivities === true;
  const bot = createTeamsBot(
    { appId: config.microsoftAppId, appPassword: config.microsoftAppPassword, tenantId: config.microsoftAppTenantId, appType: config.microsoftAppType },
    conversation,
    log,
    askTeams ? { chats: storage.chats, clock } : undefined,
  );
  const sender = new OutboxSender({
    outbox: storage.outbox,
    chats: storage.chats,
    messenger: bot.messenger,
    recordDelivery: (surgeryId, visitId, kind, delivered, entryId) => queue.recordDelivery(surgeryId, visitId, kind, delivered, entryId),
    clock,
    random: Math.random,
    pacer: new Pacer(),
    retry: { maxAttempts: config.outboxMaxAttempts, baseDelayMs: config.outboxRetryBaseMs, maxDelayMs: 60_000 },
    leaseMs: config.outboxLeaseSeconds * 1000,
    pollMs: config.outboxPollMs,
    onError,
  });
  updates = new ResidentUpdates({
    chats: storage.chats,
    outbox: storage.outbox,
    sendSoon: () => sender.kick(),
    queue,
    wait,
    clock,
    newId,
    calledAdmitMinutes: config.calledAdmitMinutes,
    gettingCloseMinutes: config.gettingCloseMinutes,
    statusUrl,
    onError,
  });
  const ticker = new SurgeryTicker({
    queue,
    refreshPlaceCards: (surgeryId) => updates!.refresh(surgeryId),
    alerts: { gettingCloseMinutes: config.gettingCloseMinutes },
    intervalMs: config.surgeryTickSeconds * 1000,
    onError,
  });
  streams = new QueueStreams({
    load: async (surgeryId) => {
      const stored = await storage.surgeries.loadQueue(surgeryId);
      return stored && { view: queue.viewOf(stored), etag: stored.etag };
    },
    currentEtag: (surgeryId) => storage.surgeries.currentEtag(surgeryId),
    pollMs: config.streamPollMs,
    onError,
  });

  const localMode = isLocalMode(config);
  const meetings = bot.meetings ?? noTeamsMeetings;
  const identify = localMode
    ? localCouncillor
    : teamsSignIn(
        entraTokenVerifier(
          {
            clientId: config.entraClientId,
            appIdUri: config.entraAppIdUri,
            allowedTenantIds: config.allowedTenantIds,
            authorityHost: config.entraAuthorityHost,
            v1IssuerHost: config.entraV1IssuerHost,
          },
          clock,
        ),
      );
  const server = createHttpServer({
    queue,
    streams,
    identify,
    access: new SurgeryAccess(rememberingRoles(meetings, clock)),
    meetings,
    tickets: new StreamTickets(config.streamTicketSecret, clock),
    clock,
    localMode,
    health: storage.health,
    handleMessages: bot.handleMessages,
    traffic: config,
    residentPages: { ...privacy, publicBaseUrl: config.publicBaseUrl, wait, directLine: { secret: config.directLineSecret, baseUrl: config.directLineBaseUrl } },
    tabDirectory: path.join(projectRoot, 'tab', 'dist'),
    log,
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  sender.start();
  ticker.start();
  log.info('server started', { port, localMode, meetingRolesFromTeams: askTeams });

  return {
    url,
    port,
    tick: () => ticker.tick(),
    settled: async () => {
      await updates!.idle();
      await sender.settled();
    },
    stop: async () => {
      streams!.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would otherwise hold the server open for seconds.
      server.server.closeIdleConnections();
      await closed;
      await ticker.stop();
      await updates!.idle();
      await sender.stop();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await startApp(config);
  const stop = () => {
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
