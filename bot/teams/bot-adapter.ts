import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConversationReference,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import type { Activity, Request, Response } from 'botbuilder';
import { errorDetails } from '../logger';
import { timeLimit } from '../time-limit';
import { Delivery, ResidentMessenger } from '../services/resident-messages';
import type { ResidentMessage } from '../domain/messages';
import { ResidentConversation } from '../services/resident-conversation';
import type { TeamsMeetings } from '../server/auth/meeting-roles';
import type { ChatRepository } from '../storage/ports';
import { MeetingApiOutcome, TeamsMeetingApi } from './meeting-api';
import { meetingEventOf } from './meeting-events';
import type { MeetingEvent } from '../domain/meeting-events';
import { renderMessage } from './render-message';
import { stageNotification } from './stage-notice';
import { ResidentBot } from './resident-bot';
import { retryAfterMs } from '../services/retry-after';

/*
 * Everything that depends on the Bot Framework SDK (botbuilder) lives in this folder. Moving to the
 * Microsoft 365 Agents SDK means rewriting this folder against the same ports (ResidentMessenger,
 * ResidentConversation) and nothing else.
 */

export interface BotCredentials {
  appId: string;
  appPassword: string;
  tenantId: string;
  appType: string;
}

/** Local mode's: without an app id the Bot Framework SDK takes activities without a token and sends without one. */
export const NO_BOT_APP: BotCredentials = { appId: '', appPassword: '', tenantId: '', appType: 'MultiTenant' };

export interface BotLog {
  error(message: string, details: Record<string, unknown>): void;
}

export interface TeamsBot {
  /** The handler for POST /api/messages. */
  handleMessages(req: Request, res: Response): Promise<void>;
  messenger: ResidentMessenger;
  /** Teams' meeting API, when the bot was given somewhere to keep meeting chats. */
  meetings?: TeamsMeetings;
}

/** Lets the bot ask Teams about meetings it is in: where it keeps their chats' references. */
export interface MeetingChats {
  chats: ChatRepository;
  clock: () => Date;
  /** Told when Teams answers a question about a meeting after refusing it, or refuses it after answering. */
  onMeetingApiOutcome: MeetingApiOutcome;
}

// Throttled, a passing fault at the channel, no answer in time, or a network error: worth another try later.
const RETRYABLE_STATUS = new Set([412, 429, 500, 502, 503, 504]);
// The bot was removed or blocked (401, 403), or the conversation is gone (404): no later try will succeed.
const CHAT_CLOSED_STATUS = new Set([401, 403, 404]);
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'REQUEST_SEND_ERROR']);

interface ChannelError {
  name?: string;
  statusCode?: number;
  code?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/** Whether a failed send is worth retrying, and how long the channel asked us to wait (Retry-After). */
function classifyFailure(error: unknown): Pick<Delivery, 'retryable' | 'chatClosed' | 'retryAfterMs'> {
  const e = (error ?? {}) as ChannelError;
  if (e.statusCode !== undefined && CHAT_CLOSED_STATUS.has(e.statusCode)) return { chatClosed: true };
  // A call stopped by its time limit is aborted: the channel did not answer.
  const noAnswer = e.name === 'AbortError' || NETWORK_ERRORS.has(e.code ?? '');
  const retryable = e.statusCode !== undefined ? RETRYABLE_STATUS.has(e.statusCode) : noAnswer;
  const wait = retryAfterMs(e.response?.headers?.get?.('retry-after'));
  return { retryable, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: number }).statusCode;
    return status ? `${status} ${error.message}` : error.message;
  }
  return String(error);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The fields every Bot Framework activity carries and our handling relies on. Anything else is not a
 * channel talking to us, and is refused before the SDK sees it.
 */
function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be one activity object.';
  const activity = body as Record<string, unknown>;
  if (!isText(activity.type)) return 'The activity has no type.';
  if (!isText(activity.channelId)) return 'The activity has no channelId.';
  const conversation = activity.conversation as Record<string, unknown> | undefined;
  if (typeof conversation !== 'object' || conversation === null || !isText(conversation.id)) return 'The activity has no conversation id.';
  if (!isText(activity.serviceUrl)) return 'The activity has no serviceUrl.';
  try {
    const { protocol } = new URL(activity.serviceUrl);
    if (protocol !== 'https:' && protocol !== 'http:') return 'The serviceUrl must be an http(s) URL.';
  } catch {
    return 'The serviceUrl must be an http(s) URL.';
  }
  return undefined;
}

/** The adapter, with the step CloudAdapter.process takes once the body is read made callable. */
class ActivityAdapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

const authorizationOf = (req: Request): string => {
  const header = req.headers.authorization ?? req.headers.Authorization;
  return typeof header === 'string' ? header : '';
};

// What CloudAdapter.process does before processActivity: the wire's timestamps become Dates, the text kept as raw*.
const TIMESTAMPS = { timestamp: 'rawTimestamp', localTimestamp: 'rawLocalTimestamp', expiration: 'rawExpiration' } as const;
function withDates(body: Record<string, unknown>): Activity {
  const activity = { ...body };
  for (const [field, raw] of Object.entries(TIMESTAMPS)) {
    const value = activity[field];
    if (typeof value === 'string') Object.assign(activity, { [raw]: value, [field]: new Date(value) });
  }
  return activity as unknown as Activity;
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** The part of the connector client's HTTP pipeline (@azure/core-rest-pipeline) used here. */
interface Pipeline {
  removePolicy(options: { phase: 'Retry' }): unknown;
}

/**
 * The pipeline inside the compat layer's client, which the SDK does not expose. Checked, so an SDK that
 * moved it fails every send loudly rather than quietly retrying behind the outbox's back.
 */
function pipelineOf(client: ConnectorClient): Pipeline {
  const pipeline = (client as unknown as { client?: { pipeline?: Partial<Pipeline> } }).client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function') throw new Error('The Bot Connector client has no HTTP pipeline to set');
  return pipeline as Pipeline;
}

/**
 * Every call to the Bot Connector is one HTTP request with a time limit. The SDK sets no limit, and a
 * channel that never answers would otherwise hold a turn or an outbox lane for ever; a call past it is
 * aborted, connection and all. The client's own retries are taken out: they would spend the limit waiting
 * between tries, so a last try could reach Teams just as the limit stops it, and the outbox, told "no
 * answer", would send the message again. The outbox retries instead, per chat, honouring Retry-After, and a
 * reply that fails in a turn goes to the outbox too.
 */
class TimeLimitedAuthentication extends ConfigurationBotFrameworkAuthentication {
  /** The clients made so far: see `kept`. */
  private readonly connectorClients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  /** For the messages the outbox sends, outside any turn. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.keptClients(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  /**
   * For a turn's own replies: the adapter takes their client from the factory that comes with the checked
   * request, which the SDK makes itself, not through createConnectorFactory.
   */
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: this.keptClients(result.claimsIdentity, result.connectorFactory) }
      : result;
  }

  /** Made for every turn, for sign-in prompts the bot never shows: kept too. */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return kept(this.userTokenClients, JSON.stringify([appIdOf(claimsIdentity)]), () => super.createUserTokenClient(claimsIdentity));
  }

  private keptClients(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        kept(this.connectorClients, JSON.stringify([appId, serviceUrl, audience ?? null]), () =>
          timeLimited(factory, serviceUrl, audience, this.timeoutMs),
        ),
    };
  }
}

/** The app the SDK's clients act for: the token's audience, or its app id; none for an activity taken without a token. */
const appIdOf = (claimsIdentity: ClaimsIdentity): string | null =>
  claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid');

// Far more than the channel addresses (and apps) one bot ever talks to.
const CLIENTS_KEPT = 100;

/**
 * The SDK makes new clients, each with a new HTTP pipeline, for every turn and every send, though nothing in
 * them belongs to one: a client stands for an app, a channel's address and the audience its tokens are for
 * (the factory's other settings are this authentication's own), and its credentials sign each request as it is
 * sent, from their own token cache. So one is made for each key and kept; one that could not be made is made
 * again next time.
 */
function kept<T>(clients: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = clients.get(key);
  if (known) return known;
  const made = make();
  clients.set(key, made);
  made.catch(() => {
    if (clients.get(key) === made) clients.delete(key);
  });
  // Should many keys ever come, the client made longest ago goes first.
  if (clients.size > CLIENTS_KEPT) clients.delete(clients.keys().next().value!);
  return made;
}

/** A client that makes each call one HTTP request, given up after `timeoutMs`. */
async function timeLimited(
  factory: ConnectorFactory,
  serviceUrl: string,
  audience: string | undefined,
  timeoutMs: number,
): Promise<ConnectorClient> {
  const client = await factory.create(serviceUrl, audience);
  pipelineOf(client).removePolicy({ phase: 'Retry' });
  const send = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = async (args, spec, callback) => {
    const limit = timeLimit(timeoutMs, `No answer within ${timeoutMs} ms`);
    try {
      return await send({ ...args, options: { ...args.options, abortSignal: limit.signal } }, spec, callback);
    } finally {
      limit.end();
    }
  };
  return client;
}

export interface TeamsBotOptions {
  /** How long one call to the Bot Connector (one HTTP request: the outbox does the retrying) may take. */
  requestTimeoutMs: number;
  /** Whether an error is storage not answering: the resident is told to try again in a moment. */
  isStorageOutage: (error: unknown) => boolean;
  /** Lets the bot ask Teams about meetings it is in. */
  meetingChats?: MeetingChats;
  /** What Teams says about a meeting the bot is in: it started or ended, people joined or left. */
  onMeetingEvent: (event: MeetingEvent) => Promise<void>;
  /** The councillors' tab, which a notice on the meeting stage opens. */
  tabUrl: string;
}

const SOMETHING_WENT_WRONG = 'Sorry, something went wrong on our side. Please try again in a minute.';
const STORAGE_UNREACHABLE = "Sorry, we can't reach the queue just now. Please send that again in a moment.";

export function createTeamsBot(
  credentials: BotCredentials,
  conversation: ResidentConversation,
  log: BotLog,
  { requestTimeoutMs, isStorageOutage, meetingChats, onMeetingEvent, tabUrl }: TeamsBotOptions,
): TeamsBot {
  // Without an app id (local mode) the SDK accepts unauthenticated activities and sends without a token.
  const auth = new TimeLimitedAuthentication(
    (credentials.appId === ''
      ? {}
      : {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.appPassword,
          MicrosoftAppTenantId: credentials.tenantId,
          MicrosoftAppType: credentials.appType,
        }) as ConfigurationBotFrameworkAuthenticationOptions,
    requestTimeoutMs,
  );
  const adapter = new ActivityAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('bot turn failed', { ...errorDetails(error), channel: context.activity.channelId, activityType: context.activity.type });
    try {
      await context.sendActivity(isStorageOutage(error) ? STORAGE_UNREACHABLE : SOMETHING_WENT_WRONG);
    } catch {
      // The channel is unreachable too; the failure is already logged.
    }
  };
  const bot = new ResidentBot(conversation);
  const meetings =
    meetingChats &&
    new TeamsMeetingApi(
      adapter,
      credentials.appId,
      meetingChats.chats,
      meetingChats.clock,
      log.error.bind(log),
      meetingChats.onMeetingApiOutcome,
    );

  /** Runs one proactive send; failures are returned, not thrown, so a visit can record them. */
  async function proactively(reference: unknown, send: (context: TurnContext) => Promise<string | undefined>): Promise<Delivery> {
    let delivery: Delivery = { delivered: false, error: 'not attempted' };
    try {
      await adapter.continueConversationAsync(credentials.appId, reference as Partial<ConversationReference>, async (context) => {
        try {
          const activityId = await send(context);
          delivery = activityId ? { delivered: true, activityId } : { delivered: true };
        } catch (error) {
          delivery = { delivered: false, error: describe(error), ...classifyFailure(error) };
        }
      });
    } catch (error) {
      delivery = { delivered: false, error: describe(error), ...classifyFailure(error) };
    }
    if (!delivery.delivered) log.error('message to resident not delivered', { error: delivery.error });
    return delivery;
  }

  // Never answered in the meeting's chat, which residents in the meeting may read: a failure is only logged.
  async function applyMeetingEvent(event: MeetingEvent): Promise<void> {
    try {
      await onMeetingEvent(event);
    } catch (error) {
      log.error('meeting event not applied', { ...errorDetails(error), event: event.kind });
    }
  }

  const messenger: ResidentMessenger = {
    send: (reference, message: ResidentMessage) =>
      proactively(reference, async (context) => (await context.sendActivity(renderMessage(message)))?.id),
    replace: (reference, activityId, message) =>
      proactively(reference, async (context) => {
        await context.updateActivity({ ...renderMessage(message), id: activityId });
        return activityId;
      }),
    notifyStage: (reference, notice) =>
      proactively(reference, async (context) => {
        await TeamsInfo.sendMeetingNotification(context, stageNotification(notice, tabUrl), notice.meetingId);
        return undefined;
      }),
  };

  return {
    handleMessages: async (req, res) => {
      const problem = activityProblem(req.body);
      if (problem) {
        res.status(400);
        res.send({ code: 'ACTIVITY.INVALID', message: problem });
        res.end();
        return;
      }
      const meetingEvent = meetingEventOf(req.body as Partial<Activity>);
      if (meetingEvent === 'not documented') {
        res.status(400);
        res.send({ code: 'ACTIVITY.INVALID', message: 'A meeting event must name its meeting and carry its members as Teams documents.' });
        res.end();
        return;
      }
      // processActivity rather than CloudAdapter.process, which writes every refused token to the console
      // with a stack trace and answers with a bare string; other errors go on to the server's handler.
      try {
        const answer = await adapter.run(authorizationOf(req), withDates(req.body as Record<string, unknown>), async (context) => {
          await meetings?.remember(context);
          if (meetingEvent) await applyMeetingEvent(meetingEvent);
          else await bot.run(context);
        });
        res.status(answer?.status ?? 200);
        if (answer?.body !== undefined) res.send(answer.body);
        res.end();
      } catch (error) {
        if ((error as { statusCode?: unknown } | undefined)?.statusCode !== 401) throw error;
        res.status(401);
        res.send({ code: 'AUTH.INVALID_TOKEN', message: 'Only the Bot Framework, with a valid token, may post activities here.' });
        res.end();
      }
    },
    messenger,
    ...(meetings ? { meetings } : {}),
  };
}
