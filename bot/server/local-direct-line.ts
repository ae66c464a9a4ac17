import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';

/*
 * Local mode's own Direct Line, so the surgery page's web chat works on one machine with no Azure: a newcomer opens
 * the page in two or three windows and is two or three residents in the queue. It is the part of Direct Line 3.0
 * that Web Chat uses when polling (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-api-reference,
 * https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-concepts):
 *   POST /v3/directline/conversations                          start the conversation the token is for (201)
 *   POST /v3/directline/tokens/refresh                         a new token for the same conversation
 *   GET  /v3/directline/conversations/:id/activities?watermark  the activities after the watermark
 *   POST /v3/directline/conversations/:id/activities           the resident's activity, sent on to the bot
 * and, as Azure Bot Service does, it is the channel's Bot Connector: a resident's activity reaches /api/messages with
 * this server as its serviceUrl, so the bot (botbuilder, in bot/teams/) posts its replies back to
 *   POST /v3/conversations/:id/activities[/:replyToId]
 * and, as Azure's Direct Line does, refuses to update or delete an activity (PUT or DELETE
 * /v3/conversations/:id/activities/:activityId): 405 {"error":{"code":"BadArgument","message":"This channel does not
 * support this operation"}} (https://github.com/microsoft/botframework-sdk/issues/4734,
 * https://github.com/microsoft/BotFramework-WebChat/issues/2426, https://github.com/microsoft/BotFramework-WebChat/issues/3709),
 * so what works here works against Azure. No web socket stream (the page polls), no attachments. Conversations live
 * in memory: a restart ends them, and the page says to reload. The routes exist only in local mode, which listens on loopback only.
 */

/** Where Web Chat finds this Direct Line: the page's own origin, as Direct Line's base is https://directline.botframework.com. */
export const LOCAL_DIRECT_LINE = '/v3/directline';

const TOKEN_SECONDS = 3600;
/** Enough for a newcomer's windows; the oldest conversation goes first. */
const MAX_CONVERSATIONS = 200;
/** A conversation keeps its latest activities; an older watermark gets what is left. */
const MAX_ACTIVITIES = 500;
/** The fields of a resident's activity the bot is given; the rest (who, where, when) Direct Line sets itself. */
const RESIDENT_FIELDS = ['type', 'text', 'textFormat', 'locale', 'value', 'name', 'channelData'] as const;
const RESIDENT_TYPES = new Set(['message', 'event', 'typing']);

type Activity = Record<string, unknown> & { id: string };

interface Conversation {
  id: string;
  userId: string;
  /** Activities already dropped from the front: the watermark counts every activity since the start. */
  dropped: number;
  activities: Activity[];
  token: string;
  tokenExpires: number;
}

interface LocalToken {
  token: string;
  userId: string;
  expiresIn: number;
}

interface DirectLineError {
  error: { code: string; message: string };
}

const failure = (code: string, message: string): DirectLineError => ({ error: { code, message } });
const NO_TOKEN = failure('TokenExpired', 'The token is missing, unknown or expired. Reload the page to start a new chat.');
const NOT_HERE = failure('BadArgument', 'There is no such conversation.');
const NOT_AN_ACTIVITY = failure('BadArgument', 'Send one activity: a JSON object whose type is message, event or typing.');
/** Azure's Direct Line's own words for an update or delete of an activity. */
const NOT_SUPPORTED = failure('BadArgument', 'This channel does not support this operation');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class LocalDirectLine {
  private readonly conversations = new Map<string, Conversation>();
  private readonly byToken = new Map<string, Conversation>();

  constructor(
    private readonly log: Logger,
    private readonly clock: () => Date,
  ) {}

  /** A token for a new conversation of a new resident, as POST /api/directline/token gives it. */
  newConversation(): LocalToken {
    while (this.conversations.size >= MAX_CONVERSATIONS) this.end(this.conversations.values().next().value!);
    const conversation: Conversation = {
      id: `local${randomBytes(12).toString('hex')}`,
      userId: `dl_${randomBytes(16).toString('base64url')}`,
      dropped: 0,
      activities: [],
      token: '',
      tokenExpires: 0,
    };
    this.conversations.set(conversation.id, conversation);
    this.issueToken(conversation);
    return { token: conversation.token, userId: conversation.userId, expiresIn: TOKEN_SECONDS };
  }

  register(server: Server): void {
    /** A Direct Line route for whoever holds a live token: of the conversation the address names, if it names one. */
    const forHolder =
      (handle: (conversation: Conversation, req: Request, res: Response) => void | Promise<void>) =>
      async (req: Request, res: Response) => {
        const conversation = this.holderOf(req, req.params.conversationId);
        if (conversation) await handle(conversation, req, res);
        else res.send(403, NO_TOKEN);
      };
    server.post(
      `${LOCAL_DIRECT_LINE}/conversations`,
      forHolder((conversation, _req, res) => res.send(201, this.session(conversation))),
    );
    server.post(
      `${LOCAL_DIRECT_LINE}/tokens/refresh`,
      forHolder((conversation, _req, res) => {
        this.issueToken(conversation);
        res.send(200, this.session(conversation));
      }),
    );
    server.get(
      `${LOCAL_DIRECT_LINE}/conversations/:conversationId/activities`,
      forHolder((conversation, req, res) => {
        const asked = Number(req.query?.watermark);
        const from = Number.isSafeInteger(asked) && asked > conversation.dropped ? asked - conversation.dropped : 0;
        res.send(200, {
          activities: conversation.activities.slice(from),
          watermark: String(conversation.dropped + conversation.activities.length),
        });
      }),
    );
    server.post(
      `${LOCAL_DIRECT_LINE}/conversations/:conversationId/activities`,
      forHolder(async (conversation, req, res) => {
        if (!isObject(req.body) || typeof req.body.type !== 'string' || !RESIDENT_TYPES.has(req.body.type)) {
          res.send(400, NOT_AN_ACTIVITY);
          return;
        }
        const self = ownAddress(server);
        const activity = this.fromResident(conversation, req.body, self);
        const answer = await this.toBot(activity, self);
        if (answer === 'ok') res.send(200, { id: activity.id });
        else
          res.send(
            502,
            failure('BotError', answer === 'busy' ? 'The bot is busy. Please wait a moment.' : 'The bot could not take the message.'),
          );
      }),
    );
    const fromBot = async (req: Request, res: Response) => {
      const conversation = this.conversations.get(String(req.params.conversationId));
      if (!conversation) {
        res.send(404, NOT_HERE);
        return;
      }
      if (!isObject(req.body) || typeof req.body.type !== 'string') {
        res.send(400, NOT_AN_ACTIVITY);
        return;
      }
      const id = this.nextId(conversation);
      this.append(conversation, {
        ...req.body,
        id,
        from: { ...(isObject(req.body.from) ? req.body.from : {}), role: 'bot' },
        timestamp: this.clock().toISOString(),
      });
      res.send(200, { id });
    };
    server.post('/v3/conversations/:conversationId/activities', fromBot);
    server.post('/v3/conversations/:conversationId/activities/:activityId', fromBot);
    const unsupported = async (_req: Request, res: Response) => {
      res.send(405, NOT_SUPPORTED);
    };
    server.put('/v3/conversations/:conversationId/activities/:activityId', unsupported);
    server.del('/v3/conversations/:conversationId/activities/:activityId', unsupported);
  }

  private fromResident(conversation: Conversation, body: Record<string, unknown>, serviceUrl: string): Activity {
    const fields = Object.fromEntries(RESIDENT_FIELDS.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));
    const activity: Activity = {
      ...fields,
      id: this.nextId(conversation),
      channelId: 'directline',
      serviceUrl,
      timestamp: this.clock().toISOString(),
      // The token is bound to its user: whoever the page says it is, Direct Line says who it was given to.
      from: { id: conversation.userId, role: 'user' },
      recipient: { id: 'surgery-queue', name: 'Surgery Queue', role: 'bot' },
      conversation: { id: conversation.id },
    };
    this.append(conversation, activity);
    return activity;
  }

  private async toBot(activity: Activity, self: string): Promise<'ok' | 'busy' | 'refused'> {
    try {
      const answer = await fetch(`${self}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(activity),
      });
      await answer.arrayBuffer();
      if (answer.ok) return 'ok';
      this.log.error('local web chat: the bot refused an activity', { status: answer.status });
      return answer.status === 429 ? 'busy' : 'refused';
    } catch (error) {
      this.log.error('local web chat: the bot did not answer', { error: error instanceof Error ? error.name : 'unknown' });
      return 'refused';
    }
  }

  private holderOf(req: Request, conversationId?: unknown): Conversation | undefined {
    const header = req.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header)?.[1] : undefined;
    const conversation = token === undefined ? undefined : this.byToken.get(token);
    if (!conversation || conversation.tokenExpires <= this.clock().getTime()) return undefined;
    return conversationId === undefined || conversationId === conversation.id ? conversation : undefined;
  }

  private session(conversation: Conversation) {
    return {
      conversationId: conversation.id,
      token: conversation.token,
      expires_in: Math.max(0, Math.round((conversation.tokenExpires - this.clock().getTime()) / 1000)),
    };
  }

  private issueToken(conversation: Conversation): void {
    this.byToken.delete(conversation.token);
    conversation.token = randomBytes(32).toString('base64url');
    conversation.tokenExpires = this.clock().getTime() + TOKEN_SECONDS * 1000;
    this.byToken.set(conversation.token, conversation);
  }

  private end(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
    this.byToken.delete(conversation.token);
  }

  private append(conversation: Conversation, activity: Activity): void {
    conversation.activities.push(activity);
    if (conversation.activities.length > MAX_ACTIVITIES) {
      conversation.activities.shift();
      conversation.dropped++;
    }
  }

  /** Direct Line's own shape of id: the conversation, then the activity's place in it. */
  private nextId(conversation: Conversation): string {
    return `${conversation.id}|${String(conversation.dropped + conversation.activities.length).padStart(7, '0')}`;
  }
}

/** This server on loopback, as the bot and the channel reach each other. */
function ownAddress(server: Server): string {
  const { address, family, port } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return `http://${host}:${port}`;
}
