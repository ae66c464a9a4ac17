import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { PATIENCE_MS } from './patience';

/** The council's two generic templates, as the officer guide has them made in Notify. */
export const EMAIL_TEMPLATE_ID = '5a1e7c3b-2d4f-4a6b-8c9d-0e1f2a3b4c5d';
export const SMS_TEMPLATE_ID = '9b8a7c6d-5e4f-4321-a0b9-c8d7e6f5a4b3';

/** One request the sender made, and how this fake answered it. */
export interface NotifyRequest {
  kind: 'email' | 'sms';
  status: number;
  body: Record<string, any>;
}

/** A notification Notify accepted (answered 201). */
export interface SentNotification {
  id: string;
  kind: 'email' | 'sms';
  to: string;
  reference?: string;
  /** The templates' words with the personalisation put in, as the resident reads them. */
  subject?: string;
  content: string;
}

interface Failure {
  status: number;
  retryAfterSeconds?: number;
  remaining: number;
}

// What Notify answers, in its own words (docs.notifications.service.gov.uk, "Error codes").
const ERRORS: Record<number, { error: string; message: string }> = {
  400: { error: 'BadRequestError', message: "Can't send to this recipient using a team-only API key" },
  403: { error: 'AuthError', message: 'Invalid token: API key not found' },
  429: { error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' },
  500: { error: 'Exception', message: 'Internal server error' },
};

const TEMPLATES = {
  email: { id: EMAIL_TEMPLATE_ID, subject: '((subject))', body: '((body))' },
  sms: { id: SMS_TEMPLATE_ID, body: '((body))' },
};

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\(\(([^)]+)\)\)/g, (_, name: string) => values[name] ?? '');
const placeholders = (template: string) => [...template.matchAll(/\(\(([^)]+)\)\)/g)].map((m) => m[1]!);

/**
 * A small stand-in for GOV.UK Notify's API: real HTTP, POST /v2/notifications/email and /sms answered as
 * Notify answers them. It checks the bearer token as Notify does (HS256, signed with the key's secret,
 * issued by the service id, issued in the last 30 seconds), records every request, and can fail the
 * next calls (429 with Retry-After, 500, 400...).
 */
export class FakeNotify {
  readonly serviceId = randomUUID();
  private readonly secret = randomUUID();
  /** A key as Notify shows it: <key name>-<service id>-<secret>. */
  readonly apiKey = `surgery_queue_test-${this.serviceId}-${this.secret}`;
  readonly requests: NotifyRequest[] = [];
  readonly sent: SentNotification[] = [];
  /** Requests this fake held unanswered (see hang), and those whose sender then closed the connection. */
  held = 0;
  abandoned = 0;
  private failure?: Failure;
  private hanging = false;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.hanging) {
          this.held += 1;
          res.once('close', () => (this.abandoned += 1));
          return;
        }
        void this.handle(req, Buffer.concat(chunks).toString('utf8')).then(({ status, body, headers }) => {
          // Two statements: restify, loaded in the same process, patches writeHead so it no longer returns res.
          res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The settings that send through this fake, for loadConfig. */
  get env(): Record<string, string> {
    return {
      NOTIFY_API_KEY: this.apiKey,
      NOTIFY_BASE_URL: this.url,
      NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE_ID,
      NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE_ID,
    };
  }

  /** The next `times` sends answer `status` (Notify's error body for it), with Retry-After when given. */
  failNext(status: number, times = 1, retryAfterSeconds?: number): void {
    this.failure = { status, remaining: times, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  }

  /** From now on, requests are never answered, as from a Notify that stalled. */
  hang(): void {
    this.hanging = true;
  }

  /** Waits until the sender has given up on `count` requests this fake held (closed their connections). */
  async waitForAbandoned(count = 1, timeoutMs = PATIENCE_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.abandoned < count) {
      if (Date.now() > deadline) throw new Error(`Fewer than ${count} held requests were abandoned within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until a notification matching `match` was accepted, and returns it. */
  async waitFor(match: (sent: SentNotification) => boolean, timeoutMs = PATIENCE_MS): Promise<SentNotification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sent.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `No matching notification within ${timeoutMs} ms. Sent: ${JSON.stringify(this.sent.map((s) => `${s.kind} ${s.to} ${s.content}`))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(
    req: http.IncomingMessage,
    raw: string,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const kind =
      req.method === 'POST' && req.url === '/v2/notifications/email'
        ? 'email'
        : req.method === 'POST' && req.url === '/v2/notifications/sms'
          ? 'sms'
          : undefined;
    if (!kind) return { status: 404, body: { status_code: 404, errors: [{ error: 'NotFound', message: 'Not Found' }] } };
    let body: Record<string, any> = {};
    try {
      body = JSON.parse(raw);
    } catch {
      return this.answer(kind, body, 400, { error: 'BadRequestError', message: 'Invalid JSON supplied in POST data' });
    }
    const authProblem = await this.authProblem(req.headers.authorization);
    if (authProblem) return this.answer(kind, body, 403, { error: 'AuthError', message: authProblem });
    if (this.failure && this.failure.remaining > 0) {
      this.failure.remaining -= 1;
      const headers = this.failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(this.failure.retryAfterSeconds) } : undefined;
      return this.answer(kind, body, this.failure.status, ERRORS[this.failure.status] ?? ERRORS[500]!, headers);
    }
    const template = TEMPLATES[kind];
    if (body.template_id !== template.id) return this.answer(kind, body, 400, { error: 'BadRequestError', message: 'Template not found' });
    const to = kind === 'email' ? body.email_address : body.phone_number;
    if (typeof to !== 'string' || to === '')
      return this.answer(kind, body, 400, {
        error: 'ValidationError',
        message: `${kind === 'email' ? 'email_address' : 'phone_number'} is a required property`,
      });
    const personalisation = (body.personalisation ?? {}) as Record<string, string>;
    const missing = placeholders(`${'subject' in template ? template.subject : ''}${template.body}`).filter(
      (name) => !(name in personalisation),
    );
    if (missing.length > 0)
      return this.answer(kind, body, 400, { error: 'BadRequestError', message: `Missing personalisation: ${missing.join(', ')}` });

    const id = randomUUID();
    const content = fill(template.body, personalisation);
    const subject = 'subject' in template ? fill(template.subject, personalisation) : undefined;
    this.sent.push({
      id,
      kind,
      to,
      ...(body.reference ? { reference: body.reference } : {}),
      ...(subject !== undefined ? { subject } : {}),
      content,
    });
    this.requests.push({ kind, status: 201, body });
    return {
      status: 201,
      body: {
        id,
        reference: body.reference ?? null,
        content:
          kind === 'email'
            ? { body: content, subject, from_email: 'surgery.queue@notifications.service.gov.uk' }
            : { body: content, from_number: 'GOVUK' },
        uri: `${this.url}/v2/notifications/${id}`,
        template: { id: template.id, version: 1, uri: `${this.url}/v2/template/${template.id}` },
        scheduled_for: null,
      },
    };
  }

  private answer(
    kind: 'email' | 'sms',
    body: Record<string, any>,
    status: number,
    error: { error: string; message: string },
    headers?: Record<string, string>,
  ) {
    this.requests.push({ kind, status, body });
    return { status, body: { status_code: status, errors: [error] }, ...(headers ? { headers } : {}) };
  }

  /** Why Notify would refuse this Authorization header, or undefined when it would accept it. */
  private async authProblem(header: string | undefined): Promise<string | undefined> {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) return 'Unauthorized: authentication token must be provided';
    try {
      await jwtVerify(token, new TextEncoder().encode(this.secret), {
        algorithms: ['HS256'],
        issuer: this.serviceId,
        maxTokenAge: '30s',
        clockTolerance: 30,
      });
      return undefined;
    } catch (error) {
      return `Invalid token: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
