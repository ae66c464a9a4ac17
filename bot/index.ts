import { loadTopics } from './services/topics-file';
import { randomBytes } from 'node:crypto';
import type { AgentOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Config, ConfigError, loadConfig } from './config';
import { Logger, errorDetails, jsonLogger, readableLogger } from './logger';
import { entraTokenVerifier } from './server/auth/entra-tokens';
import { graphTokensOnBehalfOf } from './server/auth/on-behalf-of';
import { GraphMeetings, MakeMeeting } from './services/graph-meetings';
import { graphCalendar } from './services/graph-calendar';
import type { MeetingCalendar } from './services/meeting-calendar';
import type { Person } from './domain/surgery-access';
import { noTeamsMeetings, rememberingRoles } from './server/auth/meeting-roles';
import { StreamTickets } from './server/auth/stream-tickets';
import { SurgeryAccess } from './server/auth/surgery-access';
import { localCouncillor, teamsSignIn } from './server/councillor-identity';
import { createHttpServer } from './server/http-server';
import { councillorRoutes, officerRoutes, residentRoutes } from './server/routes';
import { QueueStreams } from './server/queue-streams';
import { Applied, Clock, QueueService } from './services/queue-service';
import { ResidentConversation } from './services/resident-conversation';
import { ResidentUpdates } from './services/resident-updates';
import { OutboxSender } from './services/outbox-sender';
import { teamsPacer } from './services/pacer';
import { LocalMailbox } from './services/local-mailbox';
import { NotifyContactSender } from './services/notify-contact-sender';
import { GraphInvitesSender } from './services/graph-invites-sender';
import { graphAppToken } from './server/auth/graph-app-token';
import { SurgeryTicker } from './services/surgery-ticker';
import { Scheduler, timerScheduler } from './services/scheduler';
import { dataRequestsOver } from './services/data-requests';
import { OfficerOverview } from './services/officer-overview';
import { Retention, RetentionRun } from './services/retention';
import { RetentionJob } from './services/retention-job';
import { RosterFile } from './services/roster-file';
import { placeSurgeriesInRosterWards } from './services/surgery-wards';
import { WardDirectory } from './services/ward-directory';
import { Storage } from './storage/ports';
import { DEFAULT_WAIT_SETTINGS, WaitSettings } from './domain/wait-model';
import { STATUS_TOKEN_BYTES, statusPagePath } from './domain/status-token';
import { createTableStorage, isPlainHttp } from './storage/tables/table-storage';
import { BotCredentials, NO_BOT_APP, createTeamsBot } from './teams/bot-adapter';
import { BookingService } from './services/booking-service';
import { BookingConversation } from './services/booking-conversation';
import { RememberedDetails } from './services/remembered-details';
import { bookingReference } from './domain/booking-reference';
import { NO_WARD_LISTS } from './domain/ward-check';
import type { InWard } from './domain/ward';
import { wardSlugs } from './domain/ward-roster';
import { surgeriesPageUrl } from './services/surgeries-page';

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

// The delegated permissions a surgery's meeting needs: the event in the councillor's calendar, and its settings.
const GRAPH_MEETING_SCOPES = ['https://graph.microsoft.com/Calendars.ReadWrite', 'https://graph.microsoft.com/OnlineMeetings.ReadWrite'];

const newId = () => randomBytes(9).toString('base64url');
const newStatusToken = () => randomBytes(STATUS_TOKEN_BYTES).toString('base64url');

// This file runs from bot/ under tsx and from dist/bot/ once compiled; the tab bundle is in tab/dist either way.
const projectRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../..' : '..');

/** The composition root: builds every part from the config and starts the server. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const clock = options.clock ?? (() => new Date());
  const scheduler = options.scheduler ?? timerScheduler;
  const level = config.server.logLevel || (config.server.localMode ? 'info' : 'debug');
  const log = options.logger ?? (config.server.localMode ? readableLogger(undefined, level) : jsonLogger(undefined, level));
  const onError = (error: unknown) => log.error('background work failed', errorDetails(error));
  // Read first: with a wrong roster or postcode lists the server refuses to start, before it touches anything else.
  const roster = config.wards.rosterFile === '' ? undefined : await RosterFile.load({ file: config.wards.rosterFile, log });
  const topics = await loadTopics(config.queue.topicsFile);
  const wardSources = { file: config.wards.postcodesFile, dir: config.wards.postcodesDir };
  const wards =
    wardSources.file !== '' || wardSources.dir !== ''
      ? await WardDirectory.load({ sources: wardSources, log, ...(roster ? { roster: () => roster.current() } : {}) })
      : undefined;
  const storage =
    options.storage ??
    (await createTableStorage({
      connectionString: config.storage.connectionString,
      tablePrefix: config.storage.tablePrefix,
      allowInsecureConnection: isPlainHttp(config.storage.connectionString),
      callTimeoutMs: config.storage.callTimeoutMs,
    }));
  const wait: WaitSettings = {
    ...DEFAULT_WAIT_SETTINGS,
    priorMinutes: config.queue.consultationMinutes,
  };

  // Told of every change, to push it to the tabs watching: it reads the queue's view through the queue service,
  // which is made next and only called once a tab connects.
  const streams = new QueueStreams({
    load: async (surgeryId) => {
      const stored = await storage.surgeries.loadQueue(surgeryId);
      return stored && { view: queue.viewOf(stored), etag: stored.etag };
    },
    currentEtag: (surgeryId) => storage.surgeries.currentEtag(surgeryId),
    pollMs: config.queue.streamPollMs,
    scheduler,
    onError,
  });
  const statusUrl = (token: string) => `${config.server.publicBaseUrl}${statusPagePath(token)}`;
  const wardSlugOf = (ward: InWard) => wardSlugs(roster?.current())(ward);
  // Invitations sent from the council's mailbox name it as organiser, so replies and updates match the sender.
  const invitationsOrganiser = config.bookings.invitesMailbox || config.bookings.organiserEmail;
  // What each change promises residents, planned into the change's own transaction; it reads queues from storage itself.
  const updates = new ResidentUpdates({
    chats: storage.chats,
    outbox: storage.outbox,
    sendSoon: () => sender.kick(),
    surgeries: storage.surgeries,
    wait,
    clock,
    newId,
    calledAdmitMinutes: config.queue.calledAdmitMinutes,
    gettingCloseMinutes: config.queue.gettingCloseMinutes,
    publicBaseUrl: config.server.publicBaseUrl,
    statusUrl,
    bookingInvites: {
      councilName: config.pages.councilName,
      organiserEmail: invitationsOrganiser,
      publicBaseUrl: config.server.publicBaseUrl,
      wardSlugOf,
    },
  });
  const queue = new QueueService({
    surgeries: storage.surgeries,
    clock,
    newId,
    newStatusToken,
    statusLinks: storage.statusLinks,
    wait,
    calledAdmitMinutes: config.queue.calledAdmitMinutes,
    openEarlyMinutes: config.queue.openEarlyMinutes,
    onChanged: (surgeryId) => streams.changed(surgeryId),
    planMessages: (applied: Applied) => updates.plan(applied),
    outbox: storage.outbox,
    onPromised: () => sender.kick(),
    wards,
    ...(roster ? { roster: () => roster.current() } : {}),
    wardLengths: storage.wardLengths,
    publicBaseUrl: config.server.publicBaseUrl,
  });
  const placeSurgeries = async () => {
    if (roster) await placeSurgeriesInRosterWards(queue, roster.current(), log);
  };
  await placeSurgeries();
  const bookings = new BookingService({
    queue,
    links: storage.bookingLinks,
    statusLinks: storage.statusLinks,
    wards: wards ?? NO_WARD_LISTS,
    outsideWard: config.bookings.outsideWard,
    clock,
    newId,
    newReference: () => bookingReference(randomBytes(8)),
    newToken: newStatusToken,
  });
  const privacy = { councilName: config.pages.councilName, retentionDays: config.retention.days };
  const remembered = new RememberedDetails({ chats: storage.chats, clock, retentionDays: config.retention.days });
  const booking = new BookingConversation({
    bookings,
    clock,
    privacy,
    publicBaseUrl: config.server.publicBaseUrl,
    remembered,
    tries: storage.referenceTries,
  });
  const conversation = new ResidentConversation({
    queue,
    chats: storage.chats,
    wait,
    clock,
    calledAdmitMinutes: config.queue.calledAdmitMinutes,
    privacy,
    statusUrl,
    datesUrl: surgeriesPageUrl(config.server.publicBaseUrl),
    booking,
    remembered,
    outbox: storage.outbox,
    sendSoon: () => sender.kick(),
  });
  // In local mode anyone may post activities, say a made-up meeting chat whose serviceUrl answers
  // "Organizer" for anyone; so meeting roles are only asked of Teams when the bot's traffic is signed.
  const askTeams = !config.server.localMode;
  const bot = createTeamsBot(
    options.botCredentials ??
      (config.server.localMode
        ? NO_BOT_APP
        : {
            appId: config.bot.appId,
            appPassword: config.bot.appPassword,
            tenantId: config.bot.tenantId,
            appType: config.bot.appType,
          }),
    conversation,
    log,
    {
      requestTimeoutMs: config.outbox.sendTimeoutSeconds * 1000,
      isStorageOutage: storage.health.isOutage,
      onMeetingEvent: (event) => queue.onMeetingEvent(event),
      tabUrl: `${config.server.publicBaseUrl}/tab/`,
      ...(askTeams ? { meetingChats: { chats: storage.chats, clock } } : {}),
    },
  );
  const notify = config.notify.apiKey !== '';
  const entraAgent = options.entraAgent;
  const everyContact = notify
    ? new NotifyContactSender({
        baseUrl: config.notify.baseUrl,
        apiKey: config.notify.apiKey,
        emailTemplateId: config.notify.emailTemplateId,
        smsTemplateId: config.notify.smsTemplateId,
        timeoutMs: config.outbox.sendTimeoutSeconds * 1000,
      })
    : new LocalMailbox({ directory: config.notify.localMailboxDir, log, clock });
  const contactSender =
    config.bookings.invitesMailbox === ''
      ? everyContact
      : new GraphInvitesSender({
          baseUrl: config.auth.graphBaseUrl,
          mailbox: config.bookings.invitesMailbox,
          senderName: config.pages.councilName,
          appToken: graphAppToken({
            clientId: config.auth.clientId,
            clientSecret: config.auth.clientSecret,
            authorityHost: config.auth.authorityHost,
            tenantId: config.bot.tenantId,
            ...(entraAgent ? { agentOptions: entraAgent } : {}),
          }),
          timeoutMs: config.outbox.sendTimeoutSeconds * 1000,
          others: everyContact,
        });
  const sender = new OutboxSender({
    outbox: storage.outbox,
    chats: storage.chats,
    messenger: bot.messenger,
    contacts: contactSender,
    expand: (promise) => updates.expand(promise),
    recordOutcome: (done, etag) => queue.recordOutcome(done, etag),
    clock,
    random: Math.random,
    pacer: teamsPacer(config.outbox.teamsSendsPerSecond),
    retry: { windowMs: config.outbox.retryWindowMinutes * 60_000, baseDelayMs: config.outbox.retryBaseMs, maxDelayMs: 60_000 },
    sendTimeoutMs: config.outbox.sendTimeoutSeconds * 1000,
    leaseMs: config.outbox.leaseSeconds * 1000,
    pollMs: config.outbox.pollMs,
    scheduler,
    onError,
  });
  const ticker = new SurgeryTicker({
    queue,
    refreshPlaceCards: (surgeryId) => updates.refresh(surgeryId),
    alerts: { gettingCloseMinutes: config.queue.gettingCloseMinutes },
    sendReminders: (current) => bookings.sendReminders(current),
    intervalMs: config.queue.tickSeconds * 1000,
    scheduler,
    onError,
  });
  const { dataRequests, eraser, audit } = dataRequestsOver(storage, queue, clock, newId);
  const retentionJob = new RetentionJob({
    retention: new Retention({
      queue,
      eraser,
      audit,
      clock,
      settings: { retentionDays: config.retention.days, auditRetentionDays: config.retention.auditDays },
    }),
    intervalMs: config.retention.checkMinutes * 60_000,
    scheduler,
    // A run that removed nothing is routine, and would only push the start-up's "where to go" out of sight.
    onRun: (run) => {
      if (Object.values(run).some((count) => count > 0)) log.info('retention run', { ...run });
      else log.debug('retention run', { ...run });
    },
    onError,
  });

  const localMode = config.server.localMode;
  const meetings = bot.meetings ?? noTeamsMeetings;
  const identify = localMode
    ? localCouncillor
    : teamsSignIn(
        entraTokenVerifier(
          {
            clientId: config.auth.clientId,
            appIdUri: config.auth.appIdUri,
            allowedTenantIds: config.auth.allowedTenantIds,
            authorityHost: config.auth.authorityHost,
            v1IssuerHost: config.auth.v1IssuerHost,
            ...(entraAgent ? { agentOptions: entraAgent } : {}),
          },
          clock,
        ),
      );
  const teamsMeetings = (() => {
    if (localMode || config.auth.clientSecret === '') return undefined;
    const tradeForGraph = graphTokensOnBehalfOf({
      clientId: config.auth.clientId,
      clientSecret: config.auth.clientSecret,
      authorityHost: config.auth.authorityHost,
      scopes: GRAPH_MEETING_SCOPES,
      ...(entraAgent ? { agentOptions: entraAgent } : {}),
    });
    const graph = new GraphMeetings({
      baseUrl: config.auth.graphBaseUrl,
      timeoutMs: config.outbox.sendTimeoutSeconds * 1000,
      onError: (message, details) => log.error(message, details),
    });
    return {
      meetingMaker:
        (ssoToken: string, caller: Person): MakeMeeting =>
        async (plan) => {
          const token = await tradeForGraph(ssoToken, caller.tenantId);
          return typeof token === 'string' ? graph.maker(token)(plan) : token;
        },
      meetingCalendar: (ssoToken: string, caller: Person): MeetingCalendar =>
        graphCalendar({ graph, caller, graphToken: () => tradeForGraph(ssoToken, caller.tenantId) }),
    };
  })();
  const access = new SurgeryAccess(
    rememberingRoles(meetings, clock),
    roster ? () => ({ roster: roster.current(), councilTenantId: config.bot.tenantId, officers: config.auth.officerAccounts }) : undefined,
  );
  const tickets = new StreamTickets(config.auth.streamTicketSecret, clock);
  const officerOverview = new OfficerOverview({
    queue,
    outbox: storage.outbox,
    audit,
    auditRetentionDays: config.retention.auditDays,
    ...(roster ? { roster } : {}),
    ...(wards ? { postcodes: wards } : {}),
    clock,
  });
  const residentPages = {
    ...privacy,
    publicBaseUrl: config.server.publicBaseUrl,
    wait,
    directLine: {
      secret: config.pages.directLineSecret,
      baseUrl: config.pages.directLineBaseUrl,
      local: localMode && config.pages.directLineSecret === '',
    },
  };
  const server = createHttpServer({
    log,
    health: storage.health,
    localMode,
    councilName: config.pages.councilName,
    traffic: config.traffic,
    handleMessages: bot.handleMessages,
    tabDirectory: path.join(projectRoot, 'tab', 'dist'),
    routes: [
      councillorRoutes({
        ...teamsMeetings,
        queue,
        streams,
        identify,
        access,
        meetings,
        tickets,
        clock,
        localMode,
        bookings,
        audit,
        topics,
      }),
      officerRoutes({ officerOverview, dataRequests, identify, officerAccounts: config.auth.officerAccounts, localMode }),
      residentRoutes({ queue, bookings, organiserEmail: invitationsOrganiser, wardSlugOf, clock, localMode, log, residentPages }),
    ],
  });
  await new Promise<void>((resolve) => server.listen(config.server.port, config.server.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  sender.start();
  ticker.start();
  retentionJob.start();
  // Lists may name wards as the roster does, so a changed roster is a reason to read them again.
  roster?.watch(async () => {
    await wards?.reload();
    await placeSurgeries();
  });
  wards?.watch();
  log.info('server started', {
    port,
    localMode,
    meetingRolesFromTeams: askTeams,
    residentEmailsAndTexts: notify ? 'GOV.UK Notify' : path.resolve(config.notify.localMailboxDir),
    ...(config.bookings.invitesMailbox ? { bookingInvitationsFrom: config.bookings.invitesMailbox } : {}),
  });

  return {
    url,
    port,
    routes: () => Object.values(server.router.getRoutes()).map((route) => ({ method: route.method, path: String(route.path) })),
    tick: () => ticker.tick(),
    bookings,
    retain: () => retentionJob.run(),
    reloadWardLists: async () => {
      await roster?.reload();
      await wards?.reload();
      await placeSurgeries();
    },
    settled: () => sender.settled(),
    stop: async () => {
      roster?.stop();
      wards?.stop();
      streams.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would otherwise hold the server open for seconds.
      server.server.closeIdleConnections();
      await closed;
      await ticker.stop();
      await retentionJob.stop();
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
  process.on('SIGHUP', () => void app.reloadWardLists());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
