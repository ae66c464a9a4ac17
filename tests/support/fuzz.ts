import http from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { isAnonymisedBooking, isAnonymisedVisit } from '../../bot/domain/anonymise';
import { holdsSlot, parseBookingRequest } from '../../bot/domain/booking';
import { parseCheckIn } from '../../bot/domain/check-in';
import { lobbyTag } from '../../bot/domain/lobby-tag';
import { slotsOf } from '../../bot/domain/slots';
import { parseSurgeryPlan } from '../../bot/domain/surgery';
import { TRANSITIONS } from '../../bot/domain/visit';
import type { Storage } from '../../bot/storage/ports';

/**
 * Seeded random input for fuzz tests: the same seed always gives the same cases, so a failure can be
 * replayed with FUZZ_SEED=<seed>. Inputs lean towards what breaks parsers: wrong types, missing fields,
 * huge and odd strings, junk nested in junk.
 */
export class Fuzz {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough to spread cases around. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Text of many shapes: empty, blank, markup, control characters, odd Unicode, over every field limit. */
  string(): string {
    switch (this.int(0, 13)) {
      case 0:
        return '';
      case 1:
        return this.pick([' ', '\t\n', '\u00a0', '\u200b\u200b', '\r\n\r\n']);
      case 2:
        return this.chars('abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', this.int(1, 30));
      case 3:
        return this.chars('\u0000\u0001\u0007\b\u001b\u007f\u0085\u2028\u2029\ufeff\ufffd', this.int(1, 10));
      case 4:
        return this.pick([
          '<script>alert(1)</script>',
          '<img src=x onerror=alert(1)>',
          '**bold** [link](https://evil.example)',
          '${name}',
          '{{name}}',
          '"; DROP TABLE surgeries; --',
          "' OR '1'='1",
        ]);
      case 5:
        return this.pick(['😀👩‍👩‍👧‍👦', '\u202eevil\u202c', 'Zoë Ñúñez', 'ﷺ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\ud800', '\udfff\ud800', 'e\u0301\u0301\u0301']);
      case 6:
        return 'x'.repeat(this.pick([80, 81, 120, 121, 200, 201, 500, 501, 1000, 1001, 2001]));
      case 7:
        return this.chars('ab €😀\n', this.int(5000, 60_000));
      case 8:
        return this.pick(['SW1A 1AA', 'sw1a1aa', 'GIR 0AA', 'EC1A 1BB', 'QQ1 1QQ', 'SW1A', '12345', 'SW1A  1AA ']);
      case 9:
        return this.pick(['07700 900123', '+447700900123', '0044 7700 900123', 'jane@example.com', 'not@an', '@@', '07700']);
      case 10:
        return this.pick([
          'check_in',
          'choose_surgery',
          'leave',
          'help',
          'LEAVE',
          'stop',
          '?',
          'menu',
          'book',
          'SQ-7KM4-Q2XD',
          'sq 2222 3333',
        ]);
      case 11:
        return this.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'undefined', 'null', 'NaN']);
      case 12:
        return this.pick(['2026-12-01T18:00:00Z', 'next Tuesday', '9999-99-99', '-271821-04-20T00:00:00Z', '0', '1e400']);
      default:
        return this.pick([
          'https://teams.microsoft.com/l/meetup-join/x',
          'javascript:alert(1)',
          'http://',
          'ftp://x',
          'data:text/html,hi',
          '//evil.example',
        ]);
    }
  }

  private chars(alphabet: string, length: number): string {
    const letters = [...alphabet];
    let out = '';
    for (let i = 0; i < length; i++) out += letters[Math.floor(this.next() * letters.length)];
    return out;
  }

  /** Any JSON value, nested up to `depth` levels. */
  junk(depth = 2): unknown {
    switch (this.int(0, depth > 0 ? 9 : 6)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -0]);
      case 3:
      case 4:
      case 5:
      case 6:
        return this.string();
      case 7:
      case 8:
        return Array.from({ length: this.int(0, 4) }, () => this.junk(depth - 1));
      default:
        return this.record(depth - 1);
    }
  }

  record(depth = 1): Record<string, unknown> {
    const keys = ['a', 'id', 'type', 'name', 'value', 'text', 'action', '__proto__', 'constructor', this.string().slice(0, 40)];
    const out: Record<string, unknown> = {};
    for (let i = this.int(0, 4); i > 0; i--)
      Object.defineProperty(out, this.pick(keys), { value: this.junk(depth), enumerable: true, writable: true, configurable: true });
    return out;
  }

  /** A value of a type other than the one a field expects. */
  wrongType(expected: 'string' | 'object'): unknown {
    const candidates: unknown[] = [null, 0, 42.5, true, [], ['x'], {}, { x: 'y' }, 'text'];
    const isExpected = (value: unknown) =>
      expected === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === 'string';
    return this.pick(candidates.filter((value) => !isExpected(value)));
  }
}

/** The seed from FUZZ_SEED, or a fresh one; printed so a failing run can be replayed. */
export function fuzzSeed(): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** One HTTP request to send as-is: the path is not normalised, so "../" and odd escapes reach the server. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Bytes, say a gzip body, or text sent as UTF-8. */
  body?: string | Buffer;
  /** Its own connection, closed after: for requests that leave junk behind on the connection, like a Content-Length that lies. */
  ownConnection?: boolean;
  /** Give up (and fail) when no answer has come this long after the last byte moved. */
  timeoutMs?: number;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends a request over plain node:http. Event streams are cut off once their headers arrive. */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // Node only adds a length for methods that usually carry a body; a GET or DELETE with one needs it set.
    const chunked = Object.keys(request.headers ?? {}).some((name) => name.toLowerCase() === 'transfer-encoding');
    const length = request.body === undefined || chunked ? {} : { 'Content-Length': String(Buffer.byteLength(request.body)) };
    const headers = { ...length, ...request.headers };
    const connection = request.ownConnection ? { agent: false, headers: { ...headers, Connection: 'close' } } : { agent, headers };
    const req = http.request({ host: hostname, port, method: request.method, path: request.path, ...connection }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (request.timeoutMs !== undefined)
      req.setTimeout(request.timeoutMs, () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    req.end(request.body);
  });
}

export function closeRawConnections(): void {
  agent.destroy();
}

/** Whether a body is our ApiError shape: a refusal a client can act on, not a bare status. */
export function isApiError(text: string): boolean {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    return typeof body.code === 'string' && typeof body.message === 'string';
  } catch {
    return false;
  }
}

/** What the fuzzer knows about the server under test, so some cases hit real surgeries and conversations. */
export interface FuzzTargets {
  serviceUrl: string;
  surgeryIds: string[];
  visitIds: string[];
  conversationIds: string[];
}

const ACTIVITY_FIELDS = [
  'type',
  'id',
  'timestamp',
  'localTimestamp',
  'channelId',
  'from',
  'recipient',
  'conversation',
  'text',
  'textFormat',
  'value',
  'attachments',
  'entities',
  'channelData',
  'replyToId',
  'locale',
  'membersAdded',
  'membersRemoved',
  'name',
  'deliveryMode',
  'serviceUrl',
] as const;

const ACTIVITY_TYPES = [
  ...Array<string>(10).fill('message'),
  'conversationUpdate',
  'invoke',
  'event',
  'typing',
  'messageReaction',
  'installationUpdate',
  'endOfConversation',
  'trace',
  'handoff',
  'x',
];

// serviceUrl values the server must refuse; anything it accepts must be the recording connector, so no case reaches the network.
const BAD_SERVICE_URLS: unknown[] = [
  '',
  'not a url',
  'ftp://connector',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://',
  'http://[::1',
  42,
  null,
  {},
  ['http://x'],
];

/** Valid JSON nested deeper than any recursive walk over it should go. */
const DEEP = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const DEEP_JSON = `{"type":"message","value":${DEEP}}`;

const CARD_FIELDS = ['name', 'postcode', 'issue', 'contact', 'accessNeeds', 'address', 'slot', 'remember'] as const;

function fieldValue(f: Fuzz, field: (typeof CARD_FIELDS)[number], proper: boolean): unknown {
  const good: Record<(typeof CARD_FIELDS)[number], string[]> = {
    name: ['Jane Smith', 'Ali', 'Zoë  Ñúñez-O’Brien'],
    postcode: ['SW1A 1AA', 'sw1a1aa', 'EC1A 1BB'],
    issue: ['Parking', 'The streetlight outside my house is broken.'],
    contact: ['', '07700 900123', 'jane@example.com'],
    accessNeeds: ['', 'BSL interpreter'],
    address: ['12 High Street', 'Flat 3, 1 Mill Road'],
    slot: ['0', '1', '2', '3'],
    remember: ['true', 'false'],
  };
  return proper || f.chance(0.6) ? f.pick(good[field]) : f.chance(0.5) ? f.string() : f.junk(1);
}

/** A card submit: a known or unknown action, real or junk surgery id, and form fields of any type. */
function cardValue(f: Fuzz, targets: FuzzTargets): unknown {
  if (f.chance(0.1)) return f.junk(2);
  const value: Record<string, unknown> = {
    action: f.chance(0.8)
      ? f.pick([
          'check_in',
          'check_in',
          'choose_surgery',
          'leave',
          'book',
          'book',
          'choose_booking_surgery',
          'start_booking',
          'forget_me',
          'next_surgery',
        ])
      : f.junk(1),
  };
  if (f.chance(0.85)) value.surgeryId = f.chance(0.7) && targets.surgeryIds.length > 0 ? f.pick(targets.surgeryIds) : f.junk(1);
  // Some forms are filled in properly, so residents really join queues and later cases meet them there.
  const proper = f.chance(0.3);
  for (const field of CARD_FIELDS) if (proper || f.chance(0.85)) value[field] = fieldValue(f, field, proper);
  return value;
}

/** A Bot Framework activity, valid or broken in one or more ways, as the text of a request body. */
export function fuzzActivity(f: Fuzz, targets: FuzzTargets): { body: string; note: string } {
  // Half the cases start a conversation; later ones may continue it, so residents who joined a queue write again.
  const conversationId = f.chance(0.5) && targets.conversationIds.length > 0 ? f.pick(targets.conversationIds) : `fuzz-${f.int(0, 1e9)}`;
  if (!targets.conversationIds.includes(conversationId)) targets.conversationIds.push(conversationId);
  const activity: Record<string, unknown> = {
    type: f.pick(ACTIVITY_TYPES),
    id: `in-${f.int(0, 1e9)}`,
    timestamp: new Date(0).toISOString(),
    channelId: f.pick(['msteams', 'webchat', 'directline', 'emulator', 'slack']),
    serviceUrl: targets.serviceUrl,
    from: { id: `user-${conversationId}`, name: 'Resident' },
    recipient: { id: 'bot', name: 'Surgery Queue' },
    conversation: { id: conversationId, conversationType: f.pick(['personal', 'groupChat', 'channel']) },
  };
  if (f.chance(0.5)) activity.text = f.string();
  if (f.chance(0.5)) activity.value = cardValue(f, targets);
  if (activity.type === 'conversationUpdate') activity.membersAdded = f.chance(0.7) ? [{ id: 'someone' }, { id: 'bot' }] : f.junk(2);
  if (activity.type === 'invoke')
    activity.name = f.pick(['adaptiveCard/action', 'task/fetch', 'signin/verifyState', 'composeExtension/query', f.string()]);
  if (f.chance(0.05)) activity.deliveryMode = f.pick(['expectReplies', 'normal', 'ephemeral', f.string()]);

  const broken: string[] = [];
  for (let i = f.chance(0.5) ? f.int(1, 3) : 0; i > 0; i--) {
    const field = f.pick(ACTIVITY_FIELDS);
    if (f.chance(0.3)) delete activity[field];
    else
      activity[field] =
        field === 'serviceUrl'
          ? f.pick(BAD_SERVICE_URLS)
          : f.chance(0.5)
            ? f.junk(2)
            : f.wrongType(field === 'conversation' || field === 'from' ? 'object' : 'string');
    broken.push(field);
  }
  if (f.chance(0.1) && typeof activity.conversation === 'object' && activity.conversation !== null) {
    (activity.conversation as Record<string, unknown>).id = f.junk(1);
    broken.push('conversation.id');
  }
  const json = JSON.stringify(activity);
  const body = f.chance(0.08)
    ? f.pick([
        json.slice(0, f.int(0, json.length - 1)),
        `[${json}]`,
        `\ufeff${json}`,
        'null',
        '42',
        '"text"',
        '{}',
        '{"type":"message"',
        '{"a":'.repeat(2000),
        `${json.slice(0, -1)},"channelData":${DEEP}}`,
      ])
    : json;
  // A fuzzed type may be an object String() cannot convert (no toString, or a junk one): name it by its JSON.
  const type = typeof activity.type === 'string' ? activity.type : JSON.stringify(activity.type);
  return { body, note: `${type} activity${broken.length ? `, broken: ${broken.join(', ')}` : ''}` };
}

// Each action with the method its route takes; cases use another method now and then.
const SURGERY_ACTIONS: [string, string][] = [
  ['queue', 'GET'],
  ['stream', 'GET'],
  ['stream-ticket', 'POST'],
  ['open', 'POST'],
  ['end', 'POST'],
  ['admit-next', 'POST'],
  ['x', 'GET'],
];
const VISIT_ACTIONS = ['admit', 'joined', 'no-show', 'seen', 'x'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** Path segments no surgery or visit has: traversal, odd and broken escapes, over-long and empty ids. */
export function junkId(f: Fuzz): string {
  return f.pick([
    '..',
    '%2e%2e',
    '..%2f..%2fetc%2fpasswd',
    '%2F',
    '%00',
    '%',
    '%%',
    '%E0%A4%A',
    '%F0%9F%98%80',
    '%20',
    '+',
    ';x',
    'a'.repeat(65),
    'a'.repeat(5000),
    'bad%23id%3F',
    "'",
    '%27%20OR%201%3D1',
    '%3Cscript%3E',
    '__proto__',
    'constructor',
    '',
    'x',
  ]);
}

export function queryString(f: Fuzz): string {
  if (f.chance(0.6)) return '';
  const parts = Array.from({ length: f.int(1, 4) }, () =>
    f.pick([
      'a=1',
      'a[]=1&a[]=2',
      '__proto__[x]=1',
      'constructor[prototype][x]=1',
      'ticket=junk',
      'meetingId=MCMxOTptZWV0aW5nX2FiY0B0aHJlYWQudjIjMA%3D%3D',
      `meetingId=${junkId(f)}`,
      `q=${encodeURIComponent(
        f
          .string()
          .slice(0, 200)
          .replace(/[\ud800-\udfff]/gu, '\ufffd'),
      )}`,
      'x',
      '=',
      '&&',
      '%ZZ=1',
      `a${'[b]'.repeat(30)}=1`,
    ]),
  );
  return `?${parts.join('&')}`;
}

function surgeryBody(f: Fuzz): unknown {
  const body: Record<string, unknown> = {};
  // Some set-ups are filled in properly, so surgeries really are created and later cases act on them.
  const proper = f.chance(0.3);
  const fields: Record<string, () => unknown> = {
    ward: () => (proper || f.chance(0.6) ? f.pick(['Abbey', 'Castle', ' Mill  Road ']) : f.junk(1)),
    joinUrl: () => (proper || f.chance(0.6) ? 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0' : f.junk(1)),
    councillors: () => (proper || f.chance(0.6) ? ['Cllr Ada Khan'] : f.chance(0.5) ? 'Cllr A, Cllr B' : f.junk(2)),
    startsAt: () => (proper || f.chance(0.5) ? new Date(Date.now() - 60_000).toISOString() : f.junk(1)),
    endsAt: () => (proper || f.chance(0.5) ? new Date(Date.now() + 3_600_000).toISOString() : f.junk(1)),
    meetingId: () => (proper || f.chance(0.5) ? 'MCMxOTptZWV0aW5nX2FiY0B0aHJlYWQudjIjMA==' : f.junk(1)),
    councillorAccounts: () => (proper || f.chance(0.5) ? ['ada.khan@council.example'] : f.junk(2)),
    organiser: () => f.junk(2),
    outcome: () => (proper || f.chance(0.5) ? 'Referred to highways.' : f.junk(1)),
    mode: () => (proper || f.chance(0.5) ? f.pick(['drop_in', 'bookings', 'both']) : f.junk(1)),
    slotMinutes: () => (proper || f.chance(0.5) ? f.pick([5, 10, '15', 60]) : f.junk(1)),
    freeSlots: () => (proper || f.chance(0.5) ? f.pick([0, 2, '3']) : f.junk(1)),
    // A resident added by phone, and an officer's data request, share these.
    name: () => (proper || f.chance(0.5) ? 'Jane Smith' : f.junk(1)),
    postcode: () => (proper || f.chance(0.5) ? 'SW1A 1AA' : f.junk(1)),
    issue: () => (proper || f.chance(0.5) ? 'Parking' : f.junk(1)),
    phone: () => (proper || f.chance(0.5) ? f.pick(['01632 960789', '07700 900123']) : f.junk(1)),
    noPhone: () => f.junk(1),
    email: () => (f.chance(0.5) ? 'jane@example.com' : f.junk(1)),
    reference: () => (f.chance(0.5) ? f.pick(['SQ-7KM4-Q2XD', 'A1', 'SQ-7K4M']) : f.junk(1)),
  };
  for (const [field, make] of Object.entries(fields)) if (proper ? field !== 'organiser' : f.chance(0.7)) body[field] = make();
  return body;
}

/** A request to the councillors' API: any method, real or junk ids, odd queries, any body. */
export function fuzzTabRequest(f: Fuzz, targets: FuzzTargets): RawRequest & { note: string } {
  const surgeryId = f.chance(0.75) && targets.surgeryIds.length > 0 ? f.pick(targets.surgeryIds) : junkId(f);
  const visitId = f.chance(0.75) && targets.visitIds.length > 0 ? f.pick(targets.visitIds) : junkId(f);
  const route = f.int(0, 13);
  const [action, actionMethod] = f.pick(SURGERY_ACTIONS);
  const [path, usual] =
    route === 0
      ? ['/api/surgeries', f.pick(['GET', 'POST'])]
      : route === 1
        ? ['/api/info', 'GET']
        : route === 2
          ? [`/api/${junkId(f)}`, 'GET']
          : route === 10
            ? [`/api/meetings/${f.pick(['surgery', 'details', junkId(f)])}`, 'GET']
            : route === 11
              ? [`/api/surgeries/${surgeryId}/bookings/${junkId(f)}/no-show`, 'POST']
              : route === 12
                ? [`/api/data-requests/${f.pick(['search', 'export', 'erase', junkId(f)])}`, 'POST']
                : route === 13
                  ? [`/api/surgeries/${surgeryId}/visits`, 'POST']
                  : route <= 5
                    ? [`/api/surgeries/${surgeryId}/${action}`, actionMethod]
                    : route <= 8
                      ? [`/api/surgeries/${surgeryId}/visits/${visitId}/${f.pick(VISIT_ACTIONS)}`, 'POST']
                      : [`/api/surgeries/${surgeryId}`, 'GET'];
  const method = f.chance(0.7) ? usual : f.pick(METHODS);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD' ? f.chance(0.8) : f.chance(0.1)) {
    const json = JSON.stringify(f.chance(0.8) ? surgeryBody(f) : f.junk(3));
    body = f.chance(0.1)
      ? f.pick([json.slice(0, -1), 'ward=Abbey&councillors=x', '\u0000\u0001', '[[[[[[', '{"a":'.repeat(2000), `${json}${json}`, DEEP_JSON])
      : json;
    headers['Content-Type'] = f.chance(0.6)
      ? 'application/json'
      : f.pick([
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/merge-patch+json',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
        ]);
  }
  if (f.chance(0.1)) headers.Authorization = f.pick(['Bearer junk', 'Bearer ', 'Basic YTpi', 'Bearer a.b.c']);
  if (f.chance(0.05)) headers.Accept = 'text/event-stream';
  return { method, path: `${path}${queryString(f)}`, headers, ...(body !== undefined ? { body } : {}), note: `${method} ${path}` };
}

/** What the route fuzzer knows about the server: real ids and secrets to put in paths, so cases get past the 404s. */
export interface RouteTargets extends FuzzTargets {
  bookingIds: string[];
  /** Status page and booking manage page secrets. */
  tokens: string[];
  wards: string[];
}

/** A route as the server's router lists it. */
export interface ServedRoute {
  method: string;
  path: string;
}

const PARAM_TARGETS: Record<string, 'surgeryIds' | 'visitIds' | 'bookingIds' | 'tokens' | 'wards'> = {
  surgeryId: 'surgeryIds',
  visitId: 'visitIds',
  bookingId: 'bookingIds',
  token: 'tokens',
  ward: 'wards',
};

const STATIC_FILES = [
  'app.js',
  'app.js.map',
  'index.html',
  '',
  '../package.json',
  '..%2f..%2fpackage.json',
  '%2e%2e/%2e%2e/README.md',
  '.env',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=UTF-8',
  'application/json;charset="utf-8"',
  'application/json; charset=utf-16',
  'application/JSON',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=latin1',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  '',
  'json',
];

const FORWARDED_FOR = [
  '203.0.113.9',
  '203.0.113.9:51234',
  '1.1.1.1, 203.0.113.9',
  '[2001:db8::1]:443',
  '2001:db8::1',
  '::ffff:203.0.113.9',
  'unknown',
  '',
  ', , ,',
  '999.999.999.999',
  `${'1.2.3.4,'.repeat(500)}5.6.7.8`,
  'not an address',
];

const ENCODINGS = ['gzip', 'x-gzip', 'GZIP', 'deflate', 'identity', 'br', 'compress', 'gzip, deflate', 'gzip, gzip', ''];

/** A path for the route, its parameters filled with real ids now and then, and junk otherwise. */
function routePath(f: Fuzz, route: ServedRoute, targets: RouteTargets): string {
  return route.path
    .split('/')
    .map((segment) => {
      if (segment === '*') return f.chance(0.7) ? f.pick(STATIC_FILES) : junkId(f);
      if (!segment.startsWith(':')) return segment;
      const known = targets[PARAM_TARGETS[segment.slice(1)] ?? 'surgeryIds'];
      const value = f.chance(0.7) && known.length > 0 ? f.pick(known) : junkId(f);
      return segment === ':ward' && f.chance(0.2) ? `${encodeURIComponent(value)}.ics` : encodeURIComponent(value);
    })
    .join('/');
}

/** A form post's body: what our forms send, and what they never would. */
function formBody(f: Fuzz): string {
  return f.pick([
    'confirm=yes',
    'confirm=no',
    `slot=${f.int(-2, 20)}`,
    'slot=soon',
    'confirm=yes&confirm=no&slot=1&slot=2',
    '__proto__[confirm]=yes',
    'constructor[prototype][confirm]=yes',
    '%',
    'slot=%E0%A4%A&slot=%%%',
    '=&=&&',
    `confirm=${'y'.repeat(f.pick([100, 300_000]))}`,
    `${encodeURIComponent(
      f
        .string()
        .slice(0, 500)
        .replace(/[\ud800-\udfff]/gu, '\ufffd'),
    )}=1`,
    '{"confirm":"yes"}',
  ]);
}

/** A JSON body for the API: set-up fields, junk, pollution attempts, deep nesting, huge strings, or no JSON at all. */
function apiBody(f: Fuzz, path: string, targets: RouteTargets): string {
  if (path === '/api/messages' && f.chance(0.7)) return fuzzActivity(f, targets).body;
  const json = JSON.stringify(f.chance(0.6) ? surgeryBody(f) : f.junk(3));
  return f.chance(0.75)
    ? json
    : f.pick([
        json.slice(0, f.int(0, Math.max(0, json.length - 1))),
        '{"__proto__":{"polluted":true,"isAdmin":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        DEEP_JSON,
        '{"a":'.repeat(2000),
        `"${'x'.repeat(300_000)}"`,
        `{"ward":"${'é'.repeat(100_000)}"}`,
        'null',
        '[]',
        '\ufeff{}',
        '\u0000',
        'ward=Abbey',
      ]);
}

/**
 * A request to any route the server serves: its own method or another, ids real and junk, an odd query,
 * and hostile headers (encodings, types, lengths, X-Forwarded-For) over a body that may be garbled,
 * truncated, compressed, a bomb, or far too large. `bomb` is a gzip body that decodes to many megabytes.
 */
export function fuzzRouteRequest(
  f: Fuzz,
  routes: readonly ServedRoute[],
  targets: RouteTargets,
  bomb: Buffer,
): RawRequest & { note: string; liesAboutLength: boolean } {
  const route = f.pick(routes);
  const method = f.chance(0.75) ? route.method.toUpperCase() : f.pick(METHODS);
  const api = route.path.startsWith('/api/');
  const path = `${routePath(f, route, targets)}${f.chance(0.02) ? `?q=${'x'.repeat(f.pick([4000, 20_000]))}` : queryString(f)}`;
  const headers: Record<string, string> = {};
  const notes = [`${method} ${route.path}`];

  let body: string | Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' ? f.chance(0.85) : f.chance(0.1)) {
    // Mostly the kind of body the route takes; now and then the other kind.
    const json = f.chance(0.9) ? api : !api;
    const text = json ? apiBody(f, route.path, targets) : formBody(f);
    headers['Content-Type'] = f.chance(0.6) ? (api ? 'application/json' : 'application/x-www-form-urlencoded') : f.pick(CONTENT_TYPES);
    body = text;
    if (f.chance(0.25)) {
      const encoding = f.pick(ENCODINGS);
      headers['Content-Encoding'] = encoding;
      const plain = Buffer.from(text);
      const gzip = /gzip/i.test(encoding);
      const pack = encoding === 'deflate' ? deflateSync : gzipSync;
      body = f.pick([
        gzip || encoding === 'deflate' ? pack(plain) : plain,
        pack(plain).subarray(0, f.int(0, 20)),
        Buffer.from('not compressed at all'),
        bomb,
      ]);
      notes.push(`encoding ${encoding}`);
    }
    if (f.chance(0.1)) headers['Transfer-Encoding'] = 'chunked';
  }
  const bytes = body === undefined ? 0 : Buffer.byteLength(body);
  const liesAboutLength = bytes > 1 && headers['Transfer-Encoding'] === undefined && f.chance(0.02);
  if (liesAboutLength) {
    headers['Content-Length'] = String(f.int(0, bytes - 1));
    notes.push('shorter Content-Length');
  }
  if (f.chance(0.3)) headers['X-Forwarded-For'] = f.pick(FORWARDED_FOR);
  if (f.chance(0.1)) headers.Authorization = f.pick(['Bearer junk', 'Bearer ', 'Basic YTpi', 'Bearer a.b.c', `Bearer ${'x'.repeat(5000)}`]);
  if (f.chance(0.05)) headers.Accept = 'text/event-stream';
  if (f.chance(0.2)) headers['Accept-Encoding'] = f.pick(['gzip', 'br', '*', 'identity;q=0']);
  if (f.chance(0.03)) headers.Range = f.pick(['bytes=0-1', 'bytes=-1', 'bytes=99999999-', 'lines=1-2']);
  if (f.chance(0.03)) headers['If-None-Match'] = '*';
  if (f.chance(0.05)) headers.Origin = 'https://evil.example';
  return {
    method,
    path,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(liesAboutLength ? { ownConnection: true } : {}),
    note: notes.join(', '),
    liesAboutLength,
  };
}

/**
 * Everything wrong with what is stored, judged by the domain's own rules: a surgery must still pass its
 * set-up checks, and every visit must be what a valid check-in makes. Invalid input that slipped through,
 * or a change written by halves, shows up here.
 */
export async function storedProblems(storage: Storage): Promise<string[]> {
  const problems: string[] = [];
  for (const surgery of await storage.surgeries.all()) {
    const where = `surgery ${surgery.id}`;
    const plan = parseSurgeryPlan({ ...surgery }, new Date());
    if (!plan.ok) problems.push(`${where}: ${JSON.stringify(plan.problems)}`);
    if (!['scheduled', 'open', 'ended'].includes(surgery.status)) problems.push(`${where}: status ${surgery.status}`);
    const stored = await storage.surgeries.loadQueue(surgery.id);
    if (!stored) {
      problems.push(`${where}: listed but its queue does not load`);
      continue;
    }
    const tickets = new Set<number>();
    for (const visit of stored.visits) {
      const at = `${where} visit ${visit.id}`;
      if (!(visit.status in TRANSITIONS)) problems.push(`${at}: status ${visit.status}`);
      // An officer's erasure (the fuzzer may send one) leaves a visit that names nobody, on purpose.
      if (isAnonymisedVisit(visit)) continue;
      const again = parseCheckIn({
        name: visit.name,
        postcode: visit.postcode,
        issue: visit.issue,
        contact: visit.contact?.value ?? '',
        accessNeeds: visit.accessNeeds ?? '',
      });
      if (!again.ok) problems.push(`${at}: ${JSON.stringify(again.problems)}`);
      else if (again.value.name !== visit.name || again.value.postcode !== visit.postcode || again.value.issue !== visit.issue)
        problems.push(`${at}: details not in their checked form`);
      if (visit.contact && (!again.ok || again.value.contact?.kind !== visit.contact.kind))
        problems.push(`${at}: contact of the wrong kind`);
      if (!Number.isInteger(visit.ticket) || visit.ticket < 1 || visit.ticket > stored.surgery.ticketsIssued)
        problems.push(`${at}: ticket ${visit.ticket} of ${stored.surgery.ticketsIssued}`);
      if (tickets.has(visit.ticket)) problems.push(`${at}: ticket ${visit.ticket} given twice`);
      tickets.add(visit.ticket);
      if (visit.lobbyTag !== lobbyTag(visit.name, visit.ticket)) problems.push(`${at}: lobby tag ${visit.lobbyTag} does not match`);
      if (visit.surgeryId !== surgery.id) problems.push(`${at}: belongs to ${visit.surgeryId}`);
    }
    const heldSlots = new Set<number>();
    for (const booking of stored.bookings) {
      const at = `${where} booking ${booking.id}`;
      if (booking.surgeryId !== surgery.id) problems.push(`${at}: belongs to ${booking.surgeryId}`);
      if (holdsSlot(booking)) {
        if (heldSlots.has(booking.slot)) problems.push(`${at}: slot ${booking.slot} held twice`);
        heldSlots.add(booking.slot);
      }
      if (isAnonymisedBooking(booking)) continue;
      const again = parseBookingRequest({ ...booking, contact: booking.contact.value, slot: booking.slot });
      if (!again.ok) problems.push(`${at}: ${JSON.stringify(again.problems)}`);
      const slot = slotsOf(stored.surgery)[booking.slot];
      if (!slot || slot.keptForDropIns || slot.startsAt !== booking.slotStartsAt)
        problems.push(`${at}: slot ${booking.slot} is not a bookable slot of the surgery`);
    }
  }
  return problems;
}
