import { performance } from 'node:perf_hooks';
import type { QueueView, ResidentRow, SurgeryList, SurgerySummary } from '../../bot/api-types';

/** The server asked for sign-in. The bench only measures local mode, and does not try to get round it. */
export class SignInRequired extends Error {
  constructor(what: string, status: number, body: unknown) {
    super(
      `${what} answered ${status} ${JSON.stringify(body)}: the server now asks for sign-in, so the bench stopped rather than work around it.`,
    );
    this.name = 'SignInRequired';
  }
}

export interface Answer<T> {
  status: number;
  body: T;
  /** The whole round trip, request start to last byte of the answer. */
  ms: number;
}

const TIMEOUT_MS = 30_000;

/** What the councillors' tab and a channel call, over real HTTP, timed. */
export class BenchApi {
  constructor(readonly baseUrl: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    if (res.status === 401 || res.status === 403) throw new SignInRequired(`${method} ${path}`, res.status, parsed);
    return { status: res.status, body: parsed as T, ms };
  }

  /** Like call, but anything other than 2xx is an error. */
  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  }

  /** Creates and opens a surgery, as a councillor does in the tab. */
  async openSurgery(ward: string): Promise<string> {
    const created = await this.ok<SurgerySummary>('POST', '/api/surgeries', {
      ward,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_bench%40thread.v2/0',
      councillors: ['Cllr Bench'],
    });
    await this.ok('POST', `/api/surgeries/${created.body.id}/open`);
    return created.body.id;
  }

  /** Ends every surgery still open, as its councillors would at the end of the evening; answers how many. */
  async endOpenSurgeries(): Promise<number> {
    const { surgeries } = (await this.ok<SurgeryList>('GET', '/api/surgeries')).body;
    const open = surgeries.filter((s) => s.status === 'open');
    for (const surgery of open) await this.ok('POST', `/api/surgeries/${surgery.id}/end`);
    return open.length;
  }

  async queue(surgeryId: string): Promise<QueueView> {
    return (await this.ok<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body;
  }

  admitNext(surgeryId: string): Promise<Answer<{ view: QueueView; called: ResidentRow }>> {
    return this.ok('POST', `/api/surgeries/${surgeryId}/admit-next`);
  }

  /** The tab's way into the live queue: a ticket when the server issues them, none on a server that has no tickets. */
  async streamUrl(surgeryId: string): Promise<string> {
    const base = `${this.baseUrl}/api/surgeries/${surgeryId}/stream`;
    const answer = await this.call<{ ticket?: string; code?: string }>('POST', `/api/surgeries/${surgeryId}/stream-ticket`);
    // restify's own 404 for a route it does not have, as against our SURGERY.NOT_FOUND.
    if (answer.status === 404 && answer.body.code === 'ResourceNotFound') return base;
    if (answer.status !== 200 || typeof answer.body.ticket !== 'string')
      throw new Error(`No stream ticket: ${answer.status} ${JSON.stringify(answer.body)}`);
    return `${base}?ticket=${encodeURIComponent(answer.body.ticket)}`;
  }
}
