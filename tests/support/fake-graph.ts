import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeEntra, IssuedGraphToken } from './fake-entra';

/** An event made in someone's calendar, with the Teams meeting made with it. */
export interface CalendarEvent {
  id: string;
  /** Whose calendar: the Entra object id the Graph token was issued for. */
  organiser: string;
  body: Record<string, any>;
  joinUrl: string;
  meetingId: string;
  /** The meeting's settings once PATCHed. */
  settings?: Record<string, any>;
  /** Each PATCH /me/events/{id} body, in order; `body` has them applied. */
  changes: Record<string, any>[];
  /** The cancellation's comment to those invited, once POST /me/events/{id}/cancel was called. */
  cancelled?: { comment: string };
  deleted: boolean;
}

// Documented values: https://learn.microsoft.com/en-us/graph/api/resources/onlinemeeting,
// https://learn.microsoft.com/en-us/graph/api/resources/lobbybypasssettings,
// https://learn.microsoft.com/en-us/graph/api/resources/onlinemeetingbase#allowedlobbyadmitterroles-values,
// https://learn.microsoft.com/en-us/graph/api/resources/meetingparticipantinfo#onlinemeetingrole-values.
const PRESENTERS = ['everyone', 'organization', 'roleIsPresenter', 'organizer'];
const LOBBY_SCOPES = ['organizer', 'organization', 'organizationAndFederated', 'everyone', 'invited', 'organizationExcludingGuests'];
const LOBBY_ADMITTERS = ['organizerAndCoOrganizersAndPresenters', 'organizerAndCoOrganizers'];
const CHAT_MODES = ['enabled', 'disabled', 'limited'];
const ROLES = ['attendee', 'presenter', 'producer', 'coorganizer'];
const ATTENDEE_TYPES = ['required', 'optional', 'resource'];
// dateTimeTimeZone's dateTime: a local time, no offset (https://learn.microsoft.com/en-us/graph/api/resources/datetimetimezone).
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

const SCOPE = {
  calendars: 'https://graph.microsoft.com/Calendars.ReadWrite',
  meetings: 'https://graph.microsoft.com/OnlineMeetings.ReadWrite',
};

/**
 * A stand-in for Microsoft Graph's calendar and online meeting endpoints (/v1.0/me/events,
 * /v1.0/me/onlineMeetings), over real HTTP. It takes only tokens the Entra ID stand-in issued with the
 * permission each call needs, and checks every body field by field against Graph's documentation; what
 * was wrong is in `problems`.
 */
export class FakeGraph {
  readonly events: CalendarEvent[] = [];
  readonly problems: string[] = [];
  readonly calls: string[] = [];
  /**
   * The phone line meetings get, as onlineMeeting.audioConferencing
   * (https://learn.microsoft.com/en-us/graph/api/resources/audioconferencing); none without an audio
   * conferencing licence.
   */
  audioConferencing?: { tollNumber: string; conferenceId: string; tollFreeNumber?: string; dialinUrl?: string };
  /** Emails sent through POST /users/{mailbox}/sendMail in MIME format, in order, once Graph accepted them. */
  readonly sentMail: SentMail[] = [];
  /** The mailboxes in the tenant that an app may send from. */
  readonly mailboxes = new Set(['surgeries@council.example']);
  /** Answer the next call to "<METHOD> <path prefix>" with this status instead, once (with Retry-After, in seconds, when given). */
  private readonly failures = new Map<string, { status: number; retryAfter?: number }>();
  private server?: http.Server;
  baseUrl = '';

  constructor(private readonly entra: FakeEntra) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const { status, body, headers } = this.handle(req, raw);
        res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1.0`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next call whose "<METHOD> <path>" starts with `call` is answered with `status`, and Retry-After when given. */
  failNext(call: string, status: number, retryAfterSeconds?: number): void {
    this.failures.set(call, { status, ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}) });
  }

  private handle(req: http.IncomingMessage, raw: string): { status: number; body?: unknown; headers?: Record<string, string> } {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const call = `${req.method} ${path}`;
    this.calls.push(call);
    const token = this.entra.graphTokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (!token) return { status: 401, body: graphError('InvalidAuthenticationToken', 'Access token is empty or not valid.') };
    for (const [prefix, { status, retryAfter }] of this.failures) {
      if (call.startsWith(prefix)) {
        this.failures.delete(prefix);
        const code = status === 403 ? 'Forbidden' : status === 429 ? 'ApplicationThrottled' : 'ServiceUnavailable';
        return {
          status,
          body: graphError(code, 'Refused by the test.'),
          ...(retryAfter !== undefined ? { headers: { 'Retry-After': String(retryAfter) } } : {}),
        };
      }
    }
    const sendMail = /^\/users\/([^/]+)\/sendMail$/.exec(path);
    if (req.method === 'POST' && sendMail) return this.sendMail(decodeURIComponent(sendMail[1]!), token, req.headers['content-type'], raw);
    const forbidden = (scope: string) =>
      token.scopes.includes(scope) ? undefined : { status: 403, body: graphError('Forbidden', `Missing ${scope}.`) };
    let body: Record<string, any>;
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Record<string, any>);
    } catch {
      return { status: 400, body: graphError('BadRequest', 'Unable to read JSON request payload.') };
    }

    if (req.method === 'POST' && path === '/me/events') return forbidden(SCOPE.calendars) ?? this.createEvent(token.oid, body);
    const eventPath = /^\/me\/events\/([^/]+)(\/cancel)?$/.exec(path);
    // /me is the token's own calendar: another councillor's event is not in it.
    const event =
      eventPath && this.events.find((e) => e.id === decodeURIComponent(eventPath[1]!) && e.organiser === token.oid && !e.deleted);
    const notFound = { status: 404, body: graphError('ErrorItemNotFound', 'The specified object was not found in the store.') };
    if (req.method === 'DELETE' && eventPath && !eventPath[2]) {
      if (!event) return notFound;
      event.deleted = true;
      return { status: 204 };
    }
    if (req.method === 'PATCH' && eventPath && !eventPath[2]) {
      const denied = forbidden(SCOPE.calendars);
      if (denied) return denied;
      if (!event) return notFound;
      return this.changeEvent(event, body);
    }
    if (req.method === 'POST' && eventPath?.[2]) {
      const denied = forbidden(SCOPE.calendars);
      if (denied) return denied;
      if (!event) return notFound;
      return this.cancelEvent(event, body);
    }
    if (req.method === 'GET' && path === '/me/onlineMeetings') {
      const denied = forbidden(SCOPE.meetings);
      if (denied) return denied;
      const filter = /^JoinWebUrl eq '(.*)'$/.exec(url.searchParams.get('$filter') ?? '');
      if (!filter) {
        this.problems.push(`GET /me/onlineMeetings without a JoinWebUrl filter: ${url.search}`);
        return { status: 400, body: graphError('BadRequest', 'Filter by JoinWebUrl.') };
      }
      const joinUrl = filter[1]!.replace(/''/g, "'");
      const found = this.events.filter((e) => e.joinUrl === joinUrl && e.organiser === token.oid && !e.deleted);
      return { status: 200, body: { value: found.map((e) => ({ ...this.meetingOf(e), subject: e.body.subject })) } };
    }
    const meetingPath = /^\/me\/onlineMeetings\/([^/]+)$/.exec(path);
    if (req.method === 'PATCH' && meetingPath) {
      const denied = forbidden(SCOPE.meetings);
      if (denied) return denied;
      const event = this.events.find((e) => e.meetingId === decodeURIComponent(meetingPath[1]!) && e.organiser === token.oid);
      if (!event) return { status: 404, body: graphError('NotFound', 'No such meeting.') };
      this.checkSettings(body, event);
      event.settings = body;
      return { status: 200, body: { ...this.meetingOf(event), ...body } };
    }
    return { status: 404, body: graphError('ResourceNotFound', `No stand-in for ${call}.`) };
  }

  private meetingOf(event: CalendarEvent): Record<string, unknown> {
    return {
      id: event.meetingId,
      joinWebUrl: event.joinUrl,
      ...(this.audioConferencing ? { audioConferencing: this.audioConferencing } : {}),
    };
  }

  /** POST /me/events: https://learn.microsoft.com/en-us/graph/api/user-post-events */
  private createEvent(organiser: string, body: Record<string, any>): { status: number; body: unknown } {
    const problems: string[] = [];
    if (typeof body.subject !== 'string' || body.subject === '') problems.push('event subject missing');
    for (const field of ['start', 'end']) {
      const time = body[field];
      if (!time || !LOCAL_TIME.test(time.dateTime ?? '') || typeof time.timeZone !== 'string') {
        problems.push(`event ${field} is not a dateTimeTimeZone: ${JSON.stringify(time)}`);
      }
    }
    if (body.isOnlineMeeting !== true) problems.push('event isOnlineMeeting is not true');
    if (body.onlineMeetingProvider !== 'teamsForBusiness') problems.push(`event onlineMeetingProvider is ${body.onlineMeetingProvider}`);
    if (!Array.isArray(body.attendees)) problems.push('event attendees is not a list');
    for (const attendee of Array.isArray(body.attendees) ? body.attendees : []) {
      if (typeof attendee?.emailAddress?.address !== 'string' || !ATTENDEE_TYPES.includes(attendee.type)) {
        problems.push(`event attendee is not an attendee: ${JSON.stringify(attendee)}`);
      }
    }
    this.problems.push(...problems);
    if (problems.length > 0) return { status: 400, body: graphError('ErrorInvalidRequest', problems.join('; ')) };
    const meetingId = `MSo${randomUUID().replace(/-/g, '')}`;
    const joinUrl = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${randomUUID().replace(/-/g, '')}%40thread.v2/0`;
    const event: CalendarEvent = { id: `AAMk${randomUUID()}`, organiser, body, joinUrl, meetingId, changes: [], deleted: false };
    this.events.push(event);
    return {
      status: 201,
      body: { ...body, id: event.id, isOrganizer: true, onlineMeeting: { joinUrl } },
    };
  }

  /**
   * PATCH /me/events/{id}: https://learn.microsoft.com/en-us/graph/api/event-update. Only the fields a
   * surgery's change may touch are taken, each checked as when the event was made.
   */
  private changeEvent(event: CalendarEvent, body: Record<string, any>): { status: number; body: unknown } {
    const problems: string[] = [];
    for (const field of Object.keys(body)) {
      if (!['start', 'end', 'attendees'].includes(field)) problems.push(`event change touches ${field}`);
    }
    for (const field of ['start', 'end']) {
      const time = body[field];
      if (time !== undefined && (!LOCAL_TIME.test(time.dateTime ?? '') || typeof time.timeZone !== 'string')) {
        problems.push(`event ${field} is not a dateTimeTimeZone: ${JSON.stringify(time)}`);
      }
    }
    if (body.attendees !== undefined && !Array.isArray(body.attendees)) problems.push('event attendees is not a list');
    for (const attendee of Array.isArray(body.attendees) ? body.attendees : []) {
      if (typeof attendee?.emailAddress?.address !== 'string' || !ATTENDEE_TYPES.includes(attendee.type)) {
        problems.push(`event attendee is not an attendee: ${JSON.stringify(attendee)}`);
      }
    }
    if (event.cancelled) problems.push('a cancelled event was changed');
    this.problems.push(...problems);
    if (problems.length > 0) return { status: 400, body: graphError('ErrorInvalidRequest', problems.join('; ')) };
    event.changes.push(body);
    event.body = { ...event.body, ...body };
    return { status: 200, body: { ...event.body, id: event.id, isOrganizer: true, onlineMeeting: { joinUrl: event.joinUrl } } };
  }

  /** POST /me/events/{id}/cancel: https://learn.microsoft.com/en-us/graph/api/event-cancel, answered 202 Accepted. */
  private cancelEvent(event: CalendarEvent, body: Record<string, any>): { status: number; body?: unknown } {
    const fields = Object.keys(body);
    if (fields.some((field) => field !== 'Comment') || (body.Comment !== undefined && typeof body.Comment !== 'string')) {
      this.problems.push(`event cancel body is not { Comment }: ${JSON.stringify(body)}`);
      return { status: 400, body: graphError('ErrorInvalidRequest', 'Expected { Comment }.') };
    }
    event.cancelled = { comment: body.Comment ?? '' };
    return { status: 202 };
  }

  /**
   * POST /users/{id | userPrincipalName}/sendMail with an app-only token holding Mail.Send, the message in MIME
   * format: `Content-Type: text/plain` and the MIME message base64-encoded as the body
   * (https://learn.microsoft.com/en-us/graph/api/user-sendmail#example-4-send-a-new-message-using-mime-format,
   * https://learn.microsoft.com/en-us/graph/outlook-send-mime-message), answered 202 Accepted, or 400 with
   * "Invalid base64 string for MIME content." The message is read back as a mail client would and checked:
   * headers in ASCII with RFC 2047 encoded-words, From the mailbox, To and Subject present, each part's
   * content type with its charset.
   */
  private sendMail(
    mailbox: string,
    token: IssuedGraphToken,
    contentType: string | undefined,
    raw: string,
  ): { status: number; body?: unknown } {
    if (!token.roles?.includes('Mail.Send'))
      return { status: 403, body: graphError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.') };
    if (!this.mailboxes.has(mailbox))
      return { status: 404, body: graphError('ErrorInvalidUser', `The requested user '${mailbox}' is invalid.`) };
    if (contentType?.split(';')[0]?.trim() !== 'text/plain') {
      this.problems.push(`sendMail not in MIME format: Content-Type ${contentType}`);
      return { status: 400, body: graphError('ErrorInvalidRequest', 'Expected a MIME message.') };
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw.trim()))
      return { status: 400, body: graphError('ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.') };
    const mail = readMime(Buffer.from(raw.trim(), 'base64').toString('utf8'));
    if (!mail.headers.from?.toLowerCase().endsWith(`<${mailbox}>`)) mail.problems.push(`From is not the mailbox: ${mail.headers.from}`);
    this.problems.push(...mail.problems);
    if (mail.problems.length > 0) return { status: 400, body: graphError('ErrorInvalidRequest', mail.problems.join('; ')) };
    this.sentMail.push({ mailbox, headers: mail.headers, parts: mail.parts });
    return { status: 202 };
  }

  /** PATCH /me/onlineMeetings/{id}: https://learn.microsoft.com/en-us/graph/api/onlinemeeting-update */
  private checkSettings(body: Record<string, any>, event: CalendarEvent): void {
    const problems: string[] = [];
    const oneOf = (field: string, value: unknown, allowed: string[]) => {
      if (value !== undefined && !allowed.includes(value as string)) problems.push(`${field} "${String(value)}" is not documented`);
    };
    oneOf('allowedPresenters', body.allowedPresenters, PRESENTERS);
    oneOf('lobbyBypassSettings.scope', body.lobbyBypassSettings?.scope, LOBBY_SCOPES);
    oneOf('allowedLobbyAdmitters', body.allowedLobbyAdmitters, LOBBY_ADMITTERS);
    oneOf('allowMeetingChat', body.allowMeetingChat, CHAT_MODES);
    if (body.isEntryExitAnnounced !== undefined && typeof body.isEntryExitAnnounced !== 'boolean')
      problems.push('isEntryExitAnnounced is not a boolean');
    const attendees: any[] = body.participants?.attendees ?? [];
    for (const attendee of attendees) oneOf('participants.attendees.role', attendee?.role, ROLES);
    if (body.allowedPresenters === 'roleIsPresenter') {
      // "When updating allowedPresenters to roleIsPresenter, include a full list of attendees with role presenter."
      const invited = (event.body.attendees as any[]).map((a) => a.emailAddress.address);
      const presenters = attendees.filter((a) => a?.role === 'presenter').map((a) => a.upn);
      if (invited.some((address) => !presenters.includes(address)))
        problems.push('roleIsPresenter without every invited councillor as presenter');
    }
    this.problems.push(...problems);
  }
}

/** An email sent through the stand-in, read as a mail client reads it. */
export interface SentMail {
  mailbox: string;
  /** Each header by its lower-case name, unfolded, with RFC 2047 encoded-words decoded. */
  headers: Record<string, string>;
  /** The parts of a multipart message (or the one body), each with its Content-Type and decoded text. */
  parts: { contentType: string; text: string }[];
}

const CRLF = '\r\n';

// RFC 2047 encoded-words in UTF-8, B or Q encoding; white space between two of them is not part of the text.
function decodeWords(value: string): string {
  return value.replace(/(\?=)\s+(=\?)/g, '$1$2').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** Headers and body of a MIME entity (RFC 5322, RFC 2045), with what a strict reader would refuse. */
function readEntity(text: string, problems: string[]): { headers: Record<string, string>; body: string } {
  const end = text.indexOf(CRLF + CRLF);
  if (end < 0) {
    problems.push('no blank line after the headers');
    return { headers: {}, body: '' };
  }
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split(/\r\n(?![ \t])/)) {
    if (!/^[\x20-\x7e\t\r\n]*$/.test(line)) problems.push(`header is not ASCII: ${line}`);
    if (/\r(?!\n)|(?<!\r)\n/.test(line)) problems.push(`header has a bare line break: ${JSON.stringify(line)}`);
    const colon = line.indexOf(':');
    if (colon <= 0) {
      problems.push(`not a header: ${JSON.stringify(line)}`);
      continue;
    }
    const name = line.slice(0, colon).toLowerCase();
    if (headers[name] !== undefined) problems.push(`header ${name} twice`);
    headers[name] = decodeWords(
      line
        .slice(colon + 1)
        .replace(/\r\n[ \t]/g, ' ')
        .trim(),
    );
  }
  return { headers, body: text.slice(end + 4) };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = headers['content-transfer-encoding']?.toLowerCase() ?? '7bit';
  return encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}

function readMime(message: string): { headers: Record<string, string>; parts: SentMail['parts']; problems: string[] } {
  const problems: string[] = [];
  const { headers, body } = readEntity(message, problems);
  for (const name of ['from', 'to', 'subject', 'mime-version', 'content-type']) {
    if (!headers[name]) problems.push(`no ${name} header`);
  }
  const contentType = headers['content-type'] ?? '';
  const boundary = /^multipart\/[a-z]+;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return { headers, parts: [{ contentType, text: decodeBody(headers, body) }], problems };
  const sections = body.split(`--${boundary}`);
  if (!sections.at(-1)?.startsWith('--')) problems.push('multipart without its closing boundary');
  const parts = sections.slice(1, -1).map((section) => {
    const part = readEntity(section.replace(/^\r\n/, '').replace(/\r\n$/, ''), problems);
    const type = part.headers['content-type'] ?? '';
    if (/^text\//i.test(type) && !/charset=/i.test(type)) problems.push(`a ${type} part without its charset`);
    return { contentType: type, text: decodeBody(part.headers, part.body) };
  });
  return { headers, parts, problems };
}

function graphError(code: string, message: string): unknown {
  return { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } };
}
