import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config, loadConfig } from '../../bot/config';
import { RunningApp, startApp } from '../../bot/index';
import type { Logger } from '../../bot/logger';
import { silentLogger } from './silent-logger';
import type { QueueView, ResidentRow, SurgerySummary } from '../../bot/api-types';
import { RunningAzurite, azuriteConnectionString, startAzurite, uniqueTablePrefix } from './azurite';
import { StorageProxy } from './storage-proxy';
import { RecordingConnector } from './recording-connector';
import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { NO_BOT_APP } from '../../bot/teams/bot-adapter';
import { FakeNotify } from './fake-notify';
import { PATIENCE_MS, PATIENT_STORAGE_MS } from './patience';
import type { Scheduler } from '../../bot/services/scheduler';

export interface TestApp {
  app: RunningApp;
  azurite: RunningAzurite;
  connector: RecordingConnector;
  api: TabApi;
  /** Where emails and texts are written when they do not go to a (fake) Notify. */
  mailboxDir: string;
  /** What the app was started with: where its tables are, say, for a second instance over the same storage. */
  config: Config;
  /** The proxy between the app and Azurite, when asked for. */
  storage?: StorageProxy;
  stop(): Promise<void>;
}

export interface AppWithNotify {
  test: TestApp;
  notify: FakeNotify;
}

/**
 * Registers jest hooks giving each test a fresh app whose texts and emails go to a fresh Notify stand-in,
 * with retries and the outbox's polling quick enough that a passing fault is over within the test. Read
 * the fields inside tests, not at definition time.
 */
export function appWithNotify(options: Omit<TestAppOptions, 'notify'> = {}): AppWithNotify {
  const current = {} as AppWithNotify;
  beforeEach(async () => {
    current.notify = await new FakeNotify().start();
    current.test = await startTestApp({
      ...options,
      notify: current.notify,
      env: { OUTBOX_RETRY_BASE_MS: '10', OUTBOX_POLL_MS: '50', ...options.env },
    });
  });
  afterEach(async () => {
    await current.test?.stop();
    await current.notify?.stop();
  });
  return current;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: () => Date;
  /** Runs the app's background work only when the test moves it on. */
  scheduler?: Scheduler;
  logger?: Logger;
  /**
   * The bot neither checks the Bot Framework token of activities nor gets tokens for what it sends,
   * although the config names its credentials, so tests can post activities of their own and a recording
   * connector can stand in for the channels.
   */
  unsignedBot?: boolean;
  /** Send emails and texts through this fake Notify instead of writing them to the local mailbox. */
  notify?: FakeNotify;
  /** Counts every storage request the app makes. */
  counter?: RequestCounter;
  /** Reach Azurite through a proxy the test can take storage away with (TestApp.storage). */
  storageProxy?: boolean;
  /** A certificate authority (PEM) that a local Entra ID stand-in's https is signed by. */
  entraCertificateAuthority?: string;
}

/**
 * The real app on a free port, with Azurite in process and a recording Bot Connector. It runs in local
 * mode unless `env` says otherwise (startSignedInApp does).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const azurite = await startAzurite();
  const storage = options.storageProxy ? await StorageProxy.start(azurite.port) : undefined;
  const connector = await new RecordingConnector().start();
  const mailboxDir = mkdtempSync(path.join(os.tmpdir(), 'sq-mailbox-'));
  const config = loadConfig({
    LOCAL_MODE: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    TABLES_CONNECTION_STRING: storage ? azuriteConnectionString(storage.port) : azurite.connectionString,
    TABLE_PREFIX: uniqueTablePrefix(),
    STREAM_POLL_MS: '200',
    // A healthy Azurite on a busy machine can be slower than production's limit; outage tests set their own.
    STORAGE_CALL_TIMEOUT_MS: PATIENT_STORAGE_MS,
    LOCAL_MAILBOX_DIR: mailboxDir,
    ...options.notify?.env,
    ...options.env,
  });
  const counted = options.counter && {
    storage: await createTableStorage({
      connectionString: config.storage.connectionString,
      tablePrefix: config.storage.tablePrefix,
      allowInsecureConnection: true,
      counter: options.counter,
      callTimeoutMs: config.storage.callTimeoutMs,
    }),
  };
  const app = await startApp(config, {
    ...counted,
    logger: options.logger ?? silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.unsignedBot ? { botCredentials: NO_BOT_APP } : {}),
    ...(options.entraCertificateAuthority ? { entraAgent: { ca: options.entraCertificateAuthority } } : {}),
  });
  return {
    app,
    azurite,
    connector,
    api: new TabApi(app.url),
    mailboxDir,
    config,
    ...(storage ? { storage } : {}),
    async stop() {
      await app.stop();
      await storage?.stop();
      await connector.stop();
      await azurite.stop();
      rmSync(mailboxDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

/** What the councillors' tab calls, over real HTTP. */
export class TabApi {
  /** `headers` go with every call, say a signed-in councillor's Authorization. */
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...this.headers, ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed as T };
  }

  async openSurgery(overrides: Record<string, unknown> = {}): Promise<SurgerySummary> {
    const created = await this.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      ...overrides,
    });
    if (created.status !== 201) throw new Error(`Could not create a surgery: ${JSON.stringify(created.body)}`);
    // Opened whatever its day, as a councillor who confirms an early opening would (surgery-break.test.ts tests the asking).
    const opened = await this.call('POST', `/api/surgeries/${created.body.id}/open`, { confirmEarly: true });
    if (opened.status !== 200) throw new Error(`Could not open the surgery: ${JSON.stringify(opened.body)}`);
    return created.body;
  }

  async queue(surgeryId: string): Promise<QueueView> {
    return (await this.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body;
  }

  async admitNext(surgeryId: string): Promise<Answer<{ view: QueueView; called: ResidentRow }>> {
    return this.call('POST', `/api/surgeries/${surgeryId}/admit-next`);
  }
}

/** Reads a Server-Sent Events stream as the tab's EventSource would. */
export class EventStream {
  readonly views: QueueView[] = [];
  readonly status: Promise<number>;
  private readonly controller = new AbortController();

  constructor(url: string, headers: Record<string, string> = {}) {
    this.status = fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: this.controller.signal }).then((res) => {
      void this.read(res);
      return res.status;
    });
  }

  /** Waits for a streamed view matching `match`. */
  async waitFor(match: (view: QueueView) => boolean, timeoutMs = PATIENCE_MS): Promise<QueueView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.views.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No matching view streamed within ${timeoutMs} ms (got ${this.views.length})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.controller.abort();
  }

  private async read(res: Response): Promise<void> {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (frame.includes('event: queue') && data) this.views.push(JSON.parse(data));
        }
      }
    } catch {
      // Aborted by close().
    }
  }
}

let conversations = 0;

/** An activity as a channel delivers a resident's message to the bot, replies going to `serviceUrl`. */
export function residentActivity(
  serviceUrl: string,
  channelId: string,
  conversationId: string,
  userId: string,
  activity: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'message',
    id: `incoming-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId,
    serviceUrl,
    from: { id: userId, name: 'Resident' },
    recipient: { id: 'bot', name: 'Surgery Queue' },
    conversation: { id: conversationId, conversationType: 'personal' },
    ...activity,
  };
}

/** Where a resident's messages go (any running server) and the connector that carries the bot's replies. */
export interface ResidentReaches {
  app: { url: string };
  connector: RecordingConnector;
}

/** A resident chatting with the bot through a channel, with the connector as their client. */
export class Resident {
  readonly conversationId: string;
  readonly userId: string;

  constructor(
    private readonly test: ResidentReaches,
    readonly channelId: 'msteams' | 'webchat' | 'directline' = 'msteams',
  ) {
    conversations += 1;
    this.conversationId = `conv-${conversations}-${Date.now()}`;
    this.userId = `user-${conversations}`;
  }

  /** Sends one activity to /api/messages and returns the HTTP status. */
  async send(activity: {
    text?: string;
    value?: unknown;
    type?: string;
    membersAdded?: { id: string }[];
    replyToId?: string;
  }): Promise<number> {
    const res = await fetch(`${this.test.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(residentActivity(this.test.connector.url, this.channelId, this.conversationId, this.userId, activity)),
    });
    await res.text();
    return res.status;
  }

  says(text: string): Promise<number> {
    return this.send({ text });
  }

  /** The same resident in the same conversation, whose messages reach another instance of the app. */
  through(other: ResidentReaches): Resident {
    const copy = Object.assign(Object.create(Resident.prototype) as Resident, this);
    (copy as unknown as { test: ResidentReaches }).test = other;
    return copy;
  }

  submits(value: Record<string, unknown>): Promise<number> {
    return this.send({ value });
  }

  /** Every activity the bot has sent or updated in this conversation so far. */
  get received() {
    return this.test.connector.to(this.conversationId);
  }

  lastReceived() {
    const calls = this.received;
    return calls[calls.length - 1];
  }

  /** Books slot 8 of the surgery from the chat's booking form as Jane Smith, with these details over hers. */
  books(surgeryId: string, details: Record<string, unknown> = {}): Promise<number> {
    return this.submits({
      action: 'book',
      surgeryId,
      slot: '8',
      name: 'Jane Smith',
      address: '12 High Street',
      postcode: 'SW1A 1AA',
      issue: 'Bins not collected',
      ...details,
    });
  }

  /** Says hello, picks up the surgery id from the check-in form and submits it with these details. */
  async checksIn(details: Record<string, unknown>): Promise<void> {
    await this.says('hello');
    const form = this.received
      .map((c) => c.activity.attachments?.[0]?.content)
      .find((card) => card?.actions?.[0]?.data?.action === 'check_in');
    if (!form) throw new Error('The bot did not offer a check-in form');
    await this.submits({ ...form.actions[0].data, ...details });
  }
}
