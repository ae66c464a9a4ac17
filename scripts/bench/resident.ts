import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ConnectorCall, RecordingConnector, cardOf, textOf } from '../../tests/support/recording-connector';
import { residentActivity } from '../../tests/support/test-app';
import { SignInRequired } from './bench-api';

/**
 * A check-in's two steps, each timed two ways, in milliseconds: until the bot's reply reaches the Bot Connector,
 * which is when Teams can show it to the resident, and until the channel's request (the bot's turn) is answered,
 * which comes after the bot's reply was taken and keeps no resident waiting.
 */
export interface CheckInTimes {
  /** "hello", and choosing the surgery when the bot asks that alone, until the check-in form reaches the connector. */
  helloMs: number;
  /** The same steps, each until its turn was answered. */
  helloTurnMs: number;
  /** The form's submit, the check-in itself, until the place card reaches the connector. */
  submitMs: number;
  /** The submit until its turn was answered. */
  submitTurnMs: number;
}

/** One step: until the card it waited for reached the connector, and until its turn was answered. */
type StepTimes = { replyMs: number; turnMs: number };

/** What the bot sent to this conversation during one turn, with when the turn began and when it was answered. */
interface Turn {
  replies: ConnectorCall[];
  startedAt: number;
  answeredAt: number;
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
  private form?: { data: Record<string, unknown>; activityId: string; call: ConnectorCall };

  /** Says hello, finds the check-in form for this surgery (choosing it first if several are open), and submits it. */
  async checksIn(surgeryId: string, details: Record<string, unknown>): Promise<CheckInTimes> {
    const hello = await this.saysHello(surgeryId);
    const submit = await this.submitsForm(details);
    return { helloMs: hello.replyMs, helloTurnMs: hello.turnMs, submitMs: submit.replyMs, submitTurnMs: submit.turnMs };
  }

  /**
   * Says hello until the form for this surgery arrives (choosing the surgery first if the bot asks that alone).
   * `replyMs`: until the card each step was waiting for reached the connector; `turnMs`: until each step's turn was answered.
   */
  async saysHello(surgeryId: string): Promise<StepTimes> {
    const turn = await this.send({ text: 'hello' });
    this.form = findForm(turn.replies, surgeryId);
    const choice = this.form ? undefined : findCard(turn.replies, 'choose_surgery', surgeryId);
    if (!choice) return timesTo(turn, this.form?.call, `check-in form for surgery ${surgeryId}`);
    const chosen = await this.send({ value: { action: 'choose_surgery', surgeryId } });
    this.form = findForm(chosen.replies, surgeryId);
    const first = timesTo(turn, choice.call, 'choice of surgery');
    const then = timesTo(chosen, this.form?.call, `check-in form for surgery ${surgeryId}`);
    return { replyMs: first.replyMs + then.replyMs, turnMs: first.turnMs + then.turnMs };
  }

  /** Submits the form saysHello found; times as saysHello's, to the place card. */
  async submitsForm(details: Record<string, unknown>): Promise<StepTimes> {
    const turn = await this.send({ value: { ...this.form?.data, ...details }, replyToId: this.form?.activityId });
    // Only the place card offers "leave"; anything else (the form again, a refusal) means no check-in.
    return timesTo(turn, findCard(turn.replies, 'leave')?.call, 'place card (the check-in was not accepted)');
  }

  /** Posts one activity to /api/messages; returns what the bot sent to this conversation meanwhile. */
  private async send(activity: Record<string, unknown>): Promise<Turn> {
    const from = this.connector.calls.length;
    const startedAt = performance.now();
    const res = await postJson(
      `${this.baseUrl}/api/messages`,
      JSON.stringify(residentActivity(this.connector.url, 'msteams', this.conversationId, this.userId, activity)),
    );
    const answeredAt = performance.now();
    const { body } = res;
    if (res.status === 401 || res.status === 403) throw new SignInRequired('POST /api/messages', res.status, body);
    if (res.status < 200 || res.status > 299) throw new Error(`POST /api/messages answered ${res.status}: ${body}`);
    // The bot replies within the turn, so its replies are recorded before the POST is answered.
    const replies = this.connector.calls.slice(from).filter((call) => call.conversationId === this.conversationId);
    return { replies, startedAt, answeredAt };
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

/** A turn's times to `card`, the reply it waited for; no such card ends the run, naming what was `awaited`. */
function timesTo(turn: Turn, card: ConnectorCall | undefined, awaited: string): StepTimes {
  if (!card) throw new Error(`The bot sent no ${awaited}: ${describe(turn.replies)}`);
  return { replyMs: card.receivedAt - turn.startedAt, turnMs: turn.answeredAt - turn.startedAt };
}

/** The check-in form for this surgery: its own, or the one that asks which of several open surgeries, answered. */
function findForm(
  calls: ConnectorCall[],
  surgeryId: string,
): { data: Record<string, unknown>; activityId: string; call: ConnectorCall } | undefined {
  const own = findCard(calls, 'check_in', surgeryId);
  if (own) return { data: own.data, activityId: own.call.resultId, call: own.call };
  const asking = findCard(calls, 'check_in');
  if (!asking || asking.data.surgeryId !== undefined || !offersChoice(cardOf(asking.call.activity)?.body, surgeryId)) return undefined;
  return { data: { ...asking.data, surgeryId }, activityId: asking.call.resultId, call: asking.call };
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
