import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity as Direct Line stores it: what the resident sent and what the bot replied. */
export type DirectLineActivity = Record<string, any> & { id: string; from: { id: string; role?: string } };

interface Conversation {
  id: string;
  userId: string;
  activities: DirectLineActivity[];
}

const EXPIRES_IN = 3600;

/**
 * Just enough of Direct Line 3.0 for Web Chat in polling mode, with our bot behind it: tokens (generate,
 * refresh), start a conversation, get activities by watermark, post an activity. A resident's activity is
 * forwarded to the bot's /api/messages with this server as its serviceUrl, so the bot's replies come back
 * here through the Bot Connector routes and Web Chat's next poll picks them up; updates are refused, as Azure
 * does. No web sockets, attachments or uploads. Like the real service it answers CORS preflights, since the page is on another origin.
 */
export class FakeDirectLine {
  /** Every call, with the token or secret it carried, for tests to check. */
  readonly calls: Array<{ method: string; path: string; bearer: string | undefined }> = [];
  /** Where the bot listens (the test app's address); set before a resident sends anything. */
  botUrl = '';
  private readonly conversations = new Map<string, Conversation>();
  private readonly tokens = new Map<string, string>();
  private server?: Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.json(res, 500, { error: { code: 'ServiceError', message: String(error) } });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Every activity of every conversation, in order. */
  get activities(): DirectLineActivity[] {
    return [...this.conversations.values()].flatMap((c) => c.activities);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    this.calls.push({ method: req.method ?? '', path: url.pathname, bearer });
    const body = await readJson(req);
    const route = `${req.method} ${url.pathname}`;

    if (route === 'POST /v3/directline/tokens/generate') {
      if (bearer !== this.secret) return this.json(res, 403, { error: { code: 'BadArgument', message: 'Wrong secret' } });
      const conversation: Conversation = {
        id: `fakeconv${randomBytes(6).toString('hex')}`,
        userId: String(body?.user?.id ?? ''),
        activities: [],
      };
      this.conversations.set(conversation.id, conversation);
      return this.json(res, 200, { conversationId: conversation.id, token: this.issue(conversation), expires_in: EXPIRES_IN });
    }

    // Bot Connector routes: the bot's replies (and card updates) to a conversation.
    const connector = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (connector) {
      const conversation = this.conversations.get(decodeURIComponent(connector[1]!));
      if (!conversation) return this.json(res, 404, { error: { code: 'BadArgument', message: 'No such conversation' } });
      // As Azure's Direct Line answers an update or delete (https://github.com/microsoft/botframework-sdk/issues/4734,
      // https://github.com/microsoft/BotFramework-WebChat/issues/2426, https://github.com/microsoft/BotFramework-WebChat/issues/3709).
      if (req.method === 'PUT' || req.method === 'DELETE')
        return this.json(res, 405, { error: { code: 'BadArgument', message: 'This channel does not support this operation' } });
      const id = this.nextId(conversation);
      conversation.activities.push({ ...body, id, from: { ...body?.from, role: 'bot' }, timestamp: new Date().toISOString() });
      return this.json(res, 200, { id });
    }

    const conversation = bearer ? this.conversations.get(this.tokens.get(bearer) ?? '') : undefined;
    if (!conversation) return this.json(res, 403, { error: { code: 'TokenExpired', message: 'Unknown or expired token' } });

    if (route === 'POST /v3/directline/tokens/refresh') {
      this.tokens.delete(bearer!);
      return this.json(res, 200, { conversationId: conversation.id, token: this.issue(conversation), expires_in: EXPIRES_IN });
    }
    if (route === 'POST /v3/directline/conversations') {
      return this.json(res, 201, { conversationId: conversation.id, token: bearer, expires_in: EXPIRES_IN });
    }
    const activities = /^\/v3\/directline\/conversations\/([^/]+)\/activities$/.exec(url.pathname);
    if (!activities || decodeURIComponent(activities[1]!) !== conversation.id)
      return this.json(res, 404, { error: { code: 'BadArgument', message: 'Not here' } });
    if (req.method === 'GET') {
      const watermark = Number(url.searchParams.get('watermark') || '0') || 0;
      return this.json(res, 200, {
        activities: conversation.activities.slice(watermark),
        watermark: String(conversation.activities.length),
      });
    }
    if (req.method === 'POST') {
      const id = this.nextId(conversation);
      const activity: DirectLineActivity = {
        ...body,
        id,
        channelId: 'directline',
        serviceUrl: this.url,
        timestamp: new Date().toISOString(),
        // Tokens are bound to the user the server asked for; Direct Line ignores what the client claims.
        from: { id: conversation.userId, role: 'user' },
        recipient: { id: 'surgery-queue-bot', name: 'Surgery Queue' },
        conversation: { id: conversation.id },
      };
      conversation.activities.push(activity);
      const delivered = await fetch(`${this.botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(activity),
      });
      await delivered.text();
      return delivered.ok
        ? this.json(res, 200, { id })
        : this.json(res, 502, { error: { code: 'BotError', message: `The bot answered ${delivered.status}` } });
    }
    this.json(res, 405, { error: { code: 'BadArgument', message: 'Method not allowed' } });
  }

  private issue(conversation: Conversation): string {
    const token = `fake-token-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, conversation.id);
    return token;
  }

  private nextId(conversation: Conversation): string {
    return `${conversation.id}|${String(conversation.activities.length).padStart(7, '0')}`;
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
}

async function readJson(req: IncomingMessage): Promise<any> {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
