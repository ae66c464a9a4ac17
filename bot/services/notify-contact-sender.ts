import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { ContactMessage } from '../domain/messages';
import type { ContactSender } from './contact-sender';
import type { Delivery } from './resident-messages';
import { retryAfterMs } from './retry-after';

export interface NotifySettings {
  baseUrl: string;
  /** `<key name>-<service id>-<secret>`, as Notify shows it once when the key is made. */
  apiKey: string;
  /** One email template whose subject is ((subject)) and whose message is ((body)). */
  emailTemplateId: string;
  /** One text message template whose message is ((body)). */
  smsTemplateId: string;
  /** How long a call to Notify may take: the client sets no limit of its own. */
  timeoutMs: number;
}

/** What a failed call to Notify carries (the client makes its calls with axios). */
interface NotifyFailure {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: {
    status: number;
    headers?: Record<string, unknown>;
    data?: { errors?: { error?: string; message?: string }[] };
  };
}

/**
 * Throttled (429), a fault at Notify (5xx) or no answer at all: tried again later, no sooner than
 * Retry-After. Anything else Notify refused (400 bad number, 403 bad key...) will not change by itself.
 */
function notifyFailure(error: unknown, timeoutMs: number): Delivery {
  const failure = (error ?? {}) as NotifyFailure;
  const response = failure.response;
  // Stopped by its time limit (axios calls an aborted request canceled).
  if (!response && failure.code === 'ERR_CANCELED')
    return { delivered: false, retryable: true, error: `Notify did not answer within ${timeoutMs} ms` };
  if (!response) {
    // No answer from Notify: the network, DNS or a refused connection. Anything else is our own fault.
    const network = failure.isAxiosError === true;
    return {
      delivered: false,
      retryable: network,
      error: `${network ? 'Notify did not answer' : 'Could not send to Notify'}: ${failure.code ?? failure.message ?? 'unknown error'}`,
    };
  }
  const reasons = (response.data?.errors ?? []).map((e) => [e.error, e.message].filter(Boolean).join(': ')).filter((r) => r !== '');
  const text = `Notify ${response.status}${reasons.length > 0 ? ` ${reasons.join('; ')}` : ''}`;
  const retryable = response.status === 429 || response.status >= 500;
  const wait = retryable ? retryAfterMs(response.headers?.['retry-after']) : undefined;
  return { delivered: false, retryable, error: text, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}

/**
 * Sends through GOV.UK Notify with one generic email template and one generic text template, so the
 * words stay here, beside the chat messages they match. Notify cannot attach a calendar file: emails
 * that come with one already link to it in the body.
 */
export class NotifyContactSender implements ContactSender {
  private readonly client: NotifyClient;

  constructor(private readonly settings: NotifySettings) {
    this.client = new NotifyClient(settings.baseUrl, settings.apiKey);
    // The client sets no time limit of its own. Each request gets one, and past it the request is aborted,
    // connection and all, so a slow Notify cannot send the message after the outbox has given up on it.
    const limited = (options: AxiosRequestConfig) => axios({ ...options, signal: AbortSignal.timeout(settings.timeoutMs) });
    this.client.setClient(limited as AxiosInstance);
  }

  async send(message: ContactMessage): Promise<Delivery> {
    try {
      const { id } = await this.notify(message);
      return { delivered: true, activityId: id };
    } catch (error) {
      return notifyFailure(error, this.settings.timeoutMs);
    }
  }

  // The reference is the message's own id, so a message in Notify can be traced to the outbox entry it came from.
  private async notify({ id, to, subject, body }: ContactMessage): Promise<{ id: string }> {
    const answer =
      to.kind === 'email'
        ? await this.client.sendEmail(this.settings.emailTemplateId, to.value, { personalisation: { subject, body }, reference: id })
        : await this.client.sendSms(this.settings.smsTemplateId, to.value, { personalisation: { body }, reference: id });
    return answer.data;
  }
}
