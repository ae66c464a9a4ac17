import { performance } from 'node:perf_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PATIENCE_MS } from './patience';

/** One call the bot made to the Bot Connector API. */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** For POST replies, the activity replied to; for PUT, the activity replaced. */
  activityId?: string;
  /** The id this connector gave the activity (POST) or the one it replaced (PUT). */
  resultId: string;
  activity: Record<string, any>;
  /** When it arrived (Date.now()), to count calls per second. */
  at: number;
  /** When it arrived by this process's high-resolution clock (performance.now()), to time a reply to the millisecond. */
  receivedAt: number;
  /**
   * The sender had given up (its time limit cut the connection) before the answer reached it: Teams took
   * the message, but the bot cannot know, and may rightly send it again.
   */
  abandoned?: boolean;
}

/** A targeted meeting notification the bot asked Teams to show (POST /v1/meetings/{meetingId}/notification). */
export interface MeetingNotificationCall {
  meetingId: string;
  body: Record<string, any>;
  at: number;
}

/** A call answered with an injected failure: it reached the connector, and nothing was delivered. */
export interface FailedCall {
  method: string;
  conversationId: string;
  status: number;
  at: number;
}

/** Every call that reached the connector, answered or failed: what Teams counts against its limits. */
export interface Arrival {
  method: string;
  conversationId: string;
  at: number;
}

interface Failure {
  status: number;
  retryAfterSeconds?: number;
  remaining: number;
}

/** The channels whose activity, as the bot addresses it, goes through Direct Line. */
const DIRECT_LINE = new Set(['webchat', 'directline']);

/**
 * A small stand-in for Microsoft's Bot Connector: real HTTP, records every activity the bot sends or
 * updates, and can be told to fail calls for a conversation (429, 500...).
 */
export class RecordingConnector {
  readonly calls: ConnectorCall[] = [];
  readonly failed: FailedCall[] = [];
  readonly arrivals: Arrival[] = [];
  readonly meetingNotifications: MeetingNotificationCall[] = [];
  private readonly failures = new Map<string, Failure>();
  private readonly held = new Set<string>();
  private readonly heldNext = new Map<string, number>();
  /** Calls whose sender went away before we answered: never answered, so not delivered. */
  readonly dropped: { conversationId: string; activity: Record<string, any> }[] = [];
  private readonly parked: (() => void)[] = [];
  /** Runs when a call has been accepted, before the bot hears so: the moment "sent" is not yet recorded. */
  onAccepted?: (call: ConnectorCall) => void;
  private server?: http.Server;
  private next = 1;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `times` calls for this conversation answer `status` (use Infinity for "always"). */
  fail(conversationId: string, status: number, times = Infinity, retryAfterSeconds?: number): void {
    this.failures.set(conversationId, { status, remaining: times, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }

  heal(conversationId: string): void {
    this.failures.delete(conversationId);
  }

  /** Calls for this conversation get no answer until release(), as on a stalled network. */
  hold(conversationId: string): void {
    this.held.add(conversationId);
  }

  /** The next `times` calls for this conversation get no answer until release(); later ones are answered as usual. */
  holdNext(conversationId: string, times = 1): void {
    this.heldNext.set(conversationId, times);
  }

  /** Answers every held call whose sender is still waiting, and stops holding. */
  release(): void {
    this.held.clear();
    this.heldNext.clear();
    for (const answer of this.parked.splice(0)) answer();
  }

  /** Waits until a held call has been dropped by its sender (the connection closed without an answer). */
  async waitForDropped(count = 1, timeoutMs = PATIENCE_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.dropped.length < count) {
      if (Date.now() > deadline) throw new Error(`Fewer than ${count} held calls were dropped within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** How many held calls are waiting for an answer. */
  get heldCalls(): number {
    return this.parked.length;
  }

  /** Waits until a held call for this conversation has arrived. */
  async waitForHeld(timeoutMs = PATIENCE_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.parked.length === 0) {
      if (Date.now() > deadline) throw new Error(`No call was held within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until at least `count` calls for this conversation were answered with an injected failure. */
  async waitForFailed(conversationId: string, count = 1, timeoutMs = PATIENCE_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.failed.filter((f) => f.conversationId === conversationId).length < count) {
      if (Date.now() > deadline) throw new Error(`Fewer than ${count} calls for ${conversationId} failed within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  /** Waits until a call matching `match` has been recorded, and returns it. */
  async waitFor(match: (call: ConnectorCall) => boolean, timeoutMs = PATIENCE_MS): Promise<ConnectorCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`No matching connector call within ${timeoutMs} ms. Calls: ${JSON.stringify(this.calls.map(summary))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const notification = /^\/v1\/meetings\/([^/?]+)\/notification$/.exec(req.url ?? '');
      if (notification && req.method === 'POST') {
        this.answerNotification(decodeURIComponent(notification[1]!), Buffer.concat(chunks).toString('utf8'), res);
        return;
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      // One reading of the clock: a failed call's time is its arrival's time.
      const at = Date.now();
      this.arrivals.push({ method: req.method, conversationId, at });
      const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
      const failure = this.failures.get(conversationId);
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        this.failed.push({ method: req.method!, conversationId, status: failure.status, at });
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (failure.retryAfterSeconds !== undefined) headers['Retry-After'] = String(failure.retryAfterSeconds);
        res.writeHead(failure.status, headers);
        res.end(JSON.stringify({ error: { code: 'Failure', message: 'Injected failure' } }));
        return;
      }
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (req.method === 'PUT' && DIRECT_LINE.has(activity.channelId)) {
        this.refuseUpdate(conversationId, at, res);
        return;
      }
      const heldNext = this.heldNext.get(conversationId) ?? 0;
      if (heldNext > 0) this.heldNext.set(conversationId, heldNext - 1);
      if (this.held.has(conversationId) || heldNext > 0) {
        let gone = false;
        res.once('close', () => {
          if (!res.writableEnded) {
            gone = true;
            this.dropped.push({ conversationId, activity });
          }
        });
        this.parked.push(() => {
          if (!gone) this.answer(req, req.method as 'POST' | 'PUT', conversationId, activityId, activity, res);
        });
        return;
      }
      this.answer(req, req.method as 'POST' | 'PUT', conversationId, activityId, activity, res);
    });
  }

  /**
   * Teams accepts a notification for everyone with 202 and no body
   * (https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#targeted-meeting-notification-and-app-icon-badging-api).
   * It counts against the meeting chat's limits like any call, so it is an arrival under "meeting:<id>";
   * a failure injected for that key answers it instead.
   */
  private answerNotification(meetingId: string, raw: string, res: http.ServerResponse): void {
    const key = `meeting:${meetingId}`;
    const at = Date.now();
    this.arrivals.push({ method: 'POST', conversationId: key, at });
    const failure = this.failures.get(key);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      this.failed.push({ method: 'POST', conversationId: key, status: failure.status, at });
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (failure.retryAfterSeconds !== undefined) headers['Retry-After'] = String(failure.retryAfterSeconds);
      res.writeHead(failure.status, headers);
      res.end(JSON.stringify({ error: { code: 'Failure', message: 'Injected failure' } }));
      return;
    }
    this.meetingNotifications.push({ meetingId, body: JSON.parse(raw || '{}'), at: Date.now() });
    res.writeHead(202);
    res.end();
  }

  /**
   * Azure's Direct Line refuses to update an activity (https://github.com/microsoft/botframework-sdk/issues/4734,
   * https://github.com/microsoft/BotFramework-WebChat/issues/2426, https://github.com/microsoft/BotFramework-WebChat/issues/3709):
   * refused in its words, and counted among the failed calls.
   */
  private refuseUpdate(conversationId: string, at: number, res: http.ServerResponse): void {
    this.failed.push({ method: 'PUT', conversationId, status: 405, at });
    res.writeHead(405, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'This channel does not support this operation' } }));
  }

  private answer(
    req: http.IncomingMessage,
    method: 'POST' | 'PUT',
    conversationId: string,
    activityId: string | undefined,
    activity: Record<string, any>,
    res: http.ServerResponse,
  ): void {
    const resultId = method === 'PUT' && activityId ? activityId : `activity-${this.next++}`;
    const call: ConnectorCall = {
      method,
      conversationId,
      ...(activityId ? { activityId } : {}),
      resultId,
      activity,
      at: Date.now(),
      receivedAt: performance.now(),
    };
    this.calls.push(call);
    if (req.socket.destroyed) call.abandoned = true;
    res.once('close', () => {
      if (!res.writableFinished) call.abandoned = true;
    });
    this.onAccepted?.(call);
    // Two statements: restify, loaded in the same process, patches writeHead so it no longer returns res.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: resultId }));
  }
}

/** The most of these moments (ms) that fall in any one window of `windowMs`: what a sliding-window limit counts. */
export function mostInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

function summary(call: ConnectorCall): string {
  const card = call.activity.attachments?.[0]?.content?.body?.[0]?.text;
  return `${call.method} ${call.conversationId} ${card ?? call.activity.text ?? ''}`;
}

/** The first Adaptive Card in an activity, if any. */
export function cardOf(activity: Record<string, any>): Record<string, any> | undefined {
  return activity.attachments?.find((a: { contentType: string }) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All text in a card or activity, flattened, for assertions a resident would read. */
export function textOf(activity: Record<string, any>): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value' || key === 'label') && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(cardOf(activity) ?? {});
  if (typeof activity.text === 'string') parts.push(activity.text);
  return parts.join('\n').replace(/\\(.)/g, '$1');
}
