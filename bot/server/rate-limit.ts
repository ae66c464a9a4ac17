import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { ApiError } from '../api-types';

export interface RateLimits {
  /** Per client address, for everything but /api/messages. */
  rateLimitPerMinute: number;
  /** Per client address, for /api/messages and local mode's Direct Line. */
  botRateLimitPerMinute: number;
  /** Per conversation (and address it came from), for /api/messages. */
  chatRateLimitPerMinute: number;
  /** Per client address, for web chat's Direct Line tokens, on top of rateLimitPerMinute. */
  directLineTokensPerMinute: number;
  trustedProxyHops: number;
}

const MINUTE_MS = 60_000;

/** One token bucket per key: each holds up to a minute's allowance and refills evenly over the minute. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Takes a token for `key`: 0 when there was one, otherwise the whole seconds until there will be. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const perMs = this.perMinute / MINUTE_MS;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs) : this.perMinute;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  /** How many keys are being tracked (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  // A bucket untouched for a minute is full again, the same as no bucket: dropping those keeps memory to the last minute's clients.
  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= MINUTE_MS) this.buckets.delete(key);
  }
}

/**
 * The caller's address. Each trusted proxy appends the address it was called from to X-Forwarded-For,
 * so behind N proxies the client is the Nth entry from the end; entries before that the client could
 * have written itself, so they are never used.
 */
export function clientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops === 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const client = entries[entries.length - trustedProxyHops];
  return client ? withoutPort(client) : socket;
}

// App Service writes "203.0.113.5:51234"; IPv6 with a port comes bracketed.
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const ipv4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  return ipv4 ? ipv4[1]! : address;
}

/** The key a client is counted under: its IPv4 address, or its IPv6 /64 (one home or phone gets a whole /64). */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

const RATE_LIMITED: ApiError = { code: 'RATE.LIMITED', message: 'Too many requests. Please wait a moment and try again.' };

function refuse(res: Response, next: Next, seconds: number): void {
  res.header('Retry-After', String(seconds));
  res.send(429, RATE_LIMITED);
  next(false);
}

function conversationOf(body: unknown): string | undefined {
  const activity = body as { channelId?: unknown; conversation?: { id?: unknown } } | undefined;
  const id = activity?.conversation?.id;
  return typeof id === 'string' && id !== '' ? `${String(activity?.channelId)}\n${id}` : undefined;
}

export interface RateLimiters {
  /** Runs before routing: every request counts against its client's address. */
  perClient: RequestHandler;
  /** Runs on /api/messages once the body is read: each conversation has its own allowance. */
  perConversation: RequestHandler;
  /** Runs on the Direct Line token route once routed, so no spelling of its address goes round it. */
  directLineTokens: RequestHandler;
}

export function rateLimiters(limits: RateLimits, now: () => number = Date.now): RateLimiters {
  const clients = new TokenBuckets(limits.rateLimitPerMinute, now);
  const botClients = new TokenBuckets(limits.botRateLimitPerMinute, now);
  const conversations = new TokenBuckets(limits.chatRateLimitPerMinute, now);
  const tokens = new TokenBuckets(limits.directLineTokensPerMinute, now);
  const keyOf = (req: Request) => clientKey(clientAddress(req, limits.trustedProxyHops));

  return {
    perClient: (req, res, next) => {
      // Local mode's Direct Line (/v3/...) is a channel, like the Bot Connector: each open chat polls it every second.
      const path = req.getPath();
      const buckets = path === '/api/messages' || path.startsWith('/v3/') ? botClients : clients;
      const wait = buckets.take(keyOf(req));
      return wait > 0 ? refuse(res, next, wait) : next();
    },
    // Keyed by address too: when the bot checks tokens, a caller without one cannot use up a real
    // conversation's allowance, since its own requests count under its own address.
    perConversation: (req, res, next) => {
      const conversation = conversationOf(req.body);
      const wait = conversation ? conversations.take(`${keyOf(req)}\n${conversation}`) : 0;
      return wait > 0 ? refuse(res, next, wait) : next();
    },
    directLineTokens: (req, res, next) => {
      const wait = tokens.take(keyOf(req));
      return wait > 0 ? refuse(res, next, wait) : next();
    },
  };
}
