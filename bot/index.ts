import { randomBytes } from 'node:crypto';
import type { AgentOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Config, ConfigError, loadConfig } from './config';
import { STATUS_TOKEN_BYTES } from './domain/status-token';
import { authFeature } from './features/auth';
import type { Basics } from './features/basics';
import { bookingsFeature, invitationsOrganiserOf } from './features/bookings';
import { conversationFeature } from './features/conversation';
import { officersFeature } from './features/officers';
import { outboxFeature } from './features/outbox';
import { pagesFeature } from './features/pages';
import { queueFeature } from './features/queue';
import { retentionFeature } from './features/retention';
import { teamsBotFeature } from './features/teams-bot';
import { tickerFeature } from './features/ticker';
import { wardsFeature } from './features/wards';
import { Logger, errorDetails, jsonLogger, readableLogger } from './logger';
import { createHttpServer } from './server/http-server';
import { installLastLine } from './server/last-line';
import { councillorRoutes, officerRoutes } from './server/routes';
import { BookingService } from './services/booking-service';
import type { Clock } from './services/queue-service';
import type { RetentionRun } from './services/retention';
import { Scheduler, timerScheduler } from './services/scheduler';
import { placeSurgeriesInRosterWards } from './services/surgery-wards';
import { loadTopics } from './services/topics-file';
import type { Storage } from './storage/ports';
import { createTableStorage, isPlainHttp } from './storage/tables/table-storage';
import type { BotCredentials } from './teams/bot-adapter';

/** How long requests under way may take to finish when the server stops. */
const STOP_GRACE_MS = 5000;

export interface AppOptions {
  clock?: Clock;
  /** When background work (outbox, ticker, retention, the live view's polling) runs; tests step it by hand. */
  scheduler?: Scheduler;
  logger?: Logger;
  /** Storage to use instead of the Table storage named in the config. */
  storage?: Storage;
  /**
   * The Bot Framework app the bot checks activities' tokens for and signs what it sends as. Default: the
   * config's, or none in local mode.
   */
  botCredentials?: BotCredentials;
  /** How https calls to Entra ID are made, say trusting the certificate authority of a proxy in between. Default: Node's. */
  entraAgent?: AgentOptions;
}

export interface RunningApp {
  url: string;
  port: number;
  /** Resolves when every message to residents started so far has been sent or has failed. */
  settled(): Promise<void>;
  /** Looks at every open surgery's estimates and sends the booking reminders due now, as the ticker does every SURGERY_TICK_SECONDS. */
  tick(): Promise<void>;
  /** Booked slots, as the bot and the manage pages use them. */
  bookings: BookingService;
  /** Removes residents' details that are due now, as the retention job does every RETENTION_CHECK_MINUTES; undefined if it failed. */
  retain(): Promise<RetentionRun | undefined>;
  /** Reads the roster and the ward postcode lists again, as SIGHUP does; files with problems are logged and not used. */
  reloadWardLists(): Promise<void>;
  /** Every route the server serves, as its router lists them, so tests reach each one without keeping a list of their own. */
  routes(): { method: string; path: string }[];
  stop(): Promise<void>;
}

const newId = () => randomBytes(9).toString('base64url');
const newStatusToken = () => randomBytes(STATUS_TOKEN_BYTES).toString('base64url');

// This file runs from bot/ under tsx and from dist/bot/ once compiled; the tab bundle is in tab/dist either way.
const projectRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../..' : '..');

/** The composition root: builds each feature from its slice of the config and starts the server. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const { localMode, publicBaseUrl } = config.server;
  const clock = options.clock ?? (() => new Date());
  const level = config.server.logLevel || (localMode ? 'info' : 'debug');
  const log = options.logger ?? (localMode ? readableLogger(undefined, level) : jsonLogger(undefined, level));
  // Read first: with a wrong roster, postcode lists or topics the server refuses to start, before it touches anything else.
  const wards = await wardsFeature(config.wards, log);
  const topics = await loadTopics(config.queue.topicsFile);
  const storage =
    options.storage ??
    (await createTableStorage({ ...config.storage, allowInsecureConnection: isPlainHttp(config.storage.connectionString) }));
  const basics: Basics = {
    clock,
    scheduler: options.scheduler ?? timerScheduler,
    log,
    onError: (error) => log.error('background work failed', errorDetails(error)),
    storage,
  };
  const councilName = config.pages.councilName;
  const invitationsOrganiser = invitationsOrganiserOf(config.bookings);
  // The outbox sends through the bot, so it is made after the queue and the conversation that ask it to send.
  const sendSoon = () => outbox.sender.kick();
  const { queue, streams, updates, wait, statusUrl } = queueFeature(config.queue, basics, {
    publicBaseUrl,
    councilName,
    invitationsOrganiser,
    wards,
    newId,
    newStatusToken,
    sendSoon,
  });
  const placeSurgeries = async () => {
    if (wards.current) await placeSurgeriesInRosterWards(queue, wards.current(), log);
  };
  await placeSurgeries();
  const bookings = bookingsFeature(config.bookings, basics, { queue, wards, newId, newStatusToken });
  const privacy = { councilName, retentionDays: config.retention.days };
  const sendTimeoutMs = config.outbox.sendTimeoutSeconds * 1000;
  const conversation = conversationFeature(config.queue, basics, {
    publicBaseUrl,
    privacy,
    queue,
    bookings,
    wait,
    statusUrl,
    sendSoon,
    sendTimeoutMs,
  });
  const { bot, meetingRolesFromTeams } = teamsBotFeature(config.bot, basics, {
    localMode,
    ...(options.botCredentials ? { credentials: options.botCredentials } : {}),
    conversation,
    queue,
    sendTimeoutMs,
    publicBaseUrl,
  });
  const entraAgent = options.entraAgent ? { entraAgent: options.entraAgent } : {};
  const outbox = outboxFeature(config.outbox, config.notify, basics, {
    messenger: bot.messenger,
    turnSends: conversation.turnSends,
    expand: (promise) => updates.expand(promise),
    recordOutcome: (done, etag) => queue.recordOutcome(done, etag),
    ...(config.bookings.invitesMailbox === ''
      ? {}
      : {
          invitesFrom: {
            mailbox: config.bookings.invitesMailbox,
            senderName: councilName,
            auth: config.auth,
            tenantId: config.bot.tenantId,
            ...entraAgent,
          },
        }),
  });
  const ticker = tickerFeature(config.queue, basics, { queue, updates, bookings });
  const retention = retentionFeature(config.retention, basics, queue, newId);
  const audit = retention.audit;
  const auth = authFeature(config.auth, {
    localMode,
    clock,
    log,
    wards,
    ...(bot.meetings ? { meetings: bot.meetings } : {}),
    councilTenantId: config.bot.tenantId,
    timeoutMs: sendTimeoutMs,
    ...entraAgent,
  });
  const officerOverview = officersFeature(config.retention, basics, { queue, audit, wards });
  const server = createHttpServer({
    log,
    health: storage.health,
    localMode,
    councilName,
    traffic: config.traffic,
    handleMessages: bot.handleMessages,
    tabDirectory: path.join(projectRoot, 'tab', 'dist'),
    routes: [
      councillorRoutes({ ...auth, queue, streams, clock, localMode, bookings, audit, topics }),
      officerRoutes({ ...auth, officerOverview, dataRequests: retention.dataRequests, localMode }),
      pagesFeature(config.pages, basics, {
        localMode,
        publicBaseUrl,
        retentionDays: config.retention.days,
        wait,
        queue,
        bookings,
        wards,
        organiserEmail: invitationsOrganiser,
      }),
    ],
  });
  await new Promise<void>((resolve) => server.listen(config.server.port, config.server.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  outbox.sender.start();
  ticker.start();
  retention.job.start();
  wards.watch(placeSurgeries);
  log.info('server started', {
    port,
    localMode,
    meetingRolesFromTeams,
    residentEmailsAndTexts: outbox.residentEmailsAndTexts,
    ...(config.bookings.invitesMailbox ? { bookingInvitationsFrom: config.bookings.invitesMailbox } : {}),
  });

  return {
    url,
    port,
    routes: () => Object.values(server.router.getRoutes()).map((route) => ({ method: route.method, path: String(route.path) })),
    tick: () => ticker.tick(),
    bookings,
    retain: () => retention.job.run(),
    reloadWardLists: async () => {
      await wards.reload();
      await placeSurgeries();
    },
    settled: () => outbox.sender.settled(),
    stop: async () => {
      wards.stop();
      streams.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would otherwise hold the server open for seconds.
      server.server.closeIdleConnections();
      // A connection that goes idle only after that, or a client still sending, would hold it open for as long as
      // the client likes: requests under way get a few seconds to finish, and then every connection is cut.
      const cut = setTimeout(() => server.server.closeAllConnections(), STOP_GRACE_MS);
      await closed;
      clearTimeout(cut);
      await ticker.stop();
      await retention.job.stop();
      await outbox.sender.stop();
    },
  };
}

async function main(): Promise<void> {
  installLastLine();
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
  process.on('SIGHUP', () => void app.reloadWardLists());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
