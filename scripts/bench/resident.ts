import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ConnectorCall, RecordingConnector, cardOf, textOf } from '../../tests/support/recording-connector';
import { residentActivity } from '../../tests/support/test-app';
import { SignInRequired } from './bench-api';

export interface CheckInTimes {
  /** "hello" and any surgery choice: POST /api/messages round trips until the form arrives. */
  helloMs: number;
  /** The form's submit: the check-in itself. */
  submitMs: number;
}

type CardAction = { data?: Record<string, unknown> };

let residents = 0;

/** A resident chatting with the bot on Teams, with the recording connector as the channel. */
export class BenchResident {
  readonly conversationId: string;
  private readonly userId: string;

  constructor(
    private readonly baseUrl: string,
    private readonly connector: RecordingConnector,
  ) {
    residents += 1;
    this.conversationId = `bench-${process.pid}-${residents}`;
    this.userId = `bench-user-${residents}`;
  }

  /** The check-in form's submit data, and the form's activity, which Teams names when its button is pressed. */
  private form?: { data: Record<string, unknown>; activityId: string };

  /** Says hello, finds the check-in form for this surgery (choosing it first if several are open), and submits it. */
  async checksIn(surgeryId: string, details: Record<string, unknown>): Promise<CheckInTimes> {
    let helloMs = 0;
    await this.saysHello(surgeryId, (ms) => (helloMs += ms));
    let submitMs = 0;
    await this.submitsForm(details, (ms) => (submitMs = ms));
    return { helloMs, submitMs };
  }

  /** Says hello until the form for this surgery arrives (choosing the surgery first if the bot asks that alone). */
  async saysHello(surgeryId: string, took: (ms: number) => void = () => undefined): Promise<void> {
    let replies = await this.send({ text: 'hello' }, took);
    this.form = findForm(replies, surgeryId);
    if (!this.form && findAction(replies, 'choose_surgery', surgeryId)) {
      replies = await this.send({ value: { action: 'choose_surgery', surgeryId } }, took);
      this.form = findForm(replies, surgeryId);
    }
    if (!this.form) throw new Error(`The bot offered no check-in form for surgery ${surgeryId}: ${describe(replies)}`);
  }

  /** Submits the form saysHello found. */
  async submitsForm(details: Record<string, unknown>, took: (ms: number) => void = () => undefined): Promise<void> {
    const replies = await this.send({ value: { ...this.form?.data, ...details }, replyToId: this.form?.activityId }, took);
    // Only the place card offers "leave"; anything else (the form again, a refusal) means no check-in.
    if (!findAction(replies, 'leave')) throw new Error(`Check-in was not accepted: ${describe(replies)}`);
  }

  /** Posts one activity to /api/messages; returns what the bot sent to this conversation meanwhile. */
  private async send(activity: Record<string, unknown>, took: (ms: number) => void): Promise<ConnectorCall[]> {
    const from = this.connector.calls.length;
    const started = performance.now();
    const res = await postJson(
      `${this.baseUrl}/api/messages`,
      JSON.stringify(residentActivity(this.connector.url, 'msteams', this.conversationId, this.userId, activity)),
    );
    const { body } = res;
    took(performance.now() - started);
    if (res.status === 401 || res.status === 403) throw new SignInRequired('POST /api/messages', res.status, body);
    if (res.status < 200 || res.status > 299) throw new Error(`POST /api/messages answered ${res.status}: ${body}`);
    // The bot replies within the turn, so its replies are recorded before the POST is answered.
    return this.connector.calls.slice(from).filter((call) => call.conversationId === this.conversationId);
  }
}

// The Bot Connector's calls come over few, long-lived connections; so do the simulated residents', through node's own
// HTTP client, which costs the machine less per request than fetch, leaving more of it to the server being measured.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs JSON; the answer's status and body. Gives up after 30 s, as a channel would. */
function postJson(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${url} got no answer within 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function findAction(calls: ConnectorCall[], action: string, surgeryId?: string): Record<string, unknown> | undefined {
  return findCard(calls, action, surgeryId)?.data;
}

/** The check-in form for this surgery: its own, or the one that asks which of several open surgeries, answered. */
function findForm(calls: ConnectorCall[], surgeryId: string): { data: Record<string, unknown>; activityId: string } | undefined {
  const own = findCard(calls, 'check_in', surgeryId);
  if (own) return { data: own.data, activityId: own.call.resultId };
  const asking = findCard(calls, 'check_in');
  if (!asking || asking.data.surgeryId !== undefined || !offersChoice(cardOf(asking.call.activity)?.body, surgeryId)) return undefined;
  return { data: { ...asking.data, surgeryId }, activityId: asking.call.resultId };
}

/** Whether a card's body has the input that chooses a surgery, with this one among its choices. */
function offersChoice(body: unknown, surgeryId: string): boolean {
  if (!Array.isArray(body)) return false;
  return body.some((element: { id?: string; choices?: { value?: string }[]; items?: unknown }) =>
    element.id === 'surgeryId'
      ? (element.choices ?? []).some((choice) => choice.value === surgeryId)
      : offersChoice(element.items, surgeryId),
  );
}

function findCard(calls: ConnectorCall[], action: string, surgeryId?: string) {
  for (const call of calls) {
    const actions = (cardOf(call.activity)?.actions ?? []) as CardAction[];
    const found = actions.find((a) => a.data?.action === action && (surgeryId === undefined || a.data.surgeryId === surgeryId));
    if (found?.data) return { call, data: found.data };
  }
  return undefined;
}

function describe(calls: ConnectorCall[]): string {
  return calls.length === 0 ? 'no reply' : JSON.stringify(calls.map((call) => textOf(call.activity).slice(0, 300)));
}
