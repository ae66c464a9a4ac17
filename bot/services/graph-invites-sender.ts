import type { GraphAppToken } from '../server/auth/graph-app-token';
import type { ContactMessage } from '../domain/messages';
import type { ContactSender } from './contact-sender';
import { invitationMime } from './invitation-mime';
import type { Delivery } from './resident-messages';
import { retryAfterMs } from './retry-after';

export interface GraphInvitesSettings {
  /** https://graph.microsoft.com/v1.0, or a local stand-in in tests. */
  baseUrl: string;
  /** The council mailbox the invitations come from (INVITES_MAILBOX), and organise. */
  mailbox: string;
  /** The name residents see the invitations come from: the council's. */
  senderName: string;
  appToken: GraphAppToken;
  timeoutMs: number;
  /** Carries every other message: texts, and emails with no invitation. */
  others: ContactSender;
}

/**
 * Sends booked residents' invitations (every email that carries a calendar file) from the council's own
 * mailbox through Microsoft Graph, as meeting requests their calendar offers to accept or decline, and
 * updates and cancellations that move or remove the appointment there; texts
 * and every other email go on as before. Like every message it is sent by the outbox, which retries what
 * Graph throttled (429, with its Retry-After) or failed (5xx, no answer).
 */
export class GraphInvitesSender implements ContactSender {
  constructor(private readonly settings: GraphInvitesSettings) {}

  async send(message: ContactMessage): Promise<Delivery> {
    if (message.to.kind !== 'email' || !message.calendar) return this.settings.others.send(message);
    const mime = invitationMime(
      { ...message, calendar: message.calendar },
      { name: this.settings.senderName, address: this.settings.mailbox },
      { name: message.toName ?? '', address: message.to.value },
    );
    if (typeof mime !== 'string') return { delivered: false, retryable: false, error: mime.refused };
    const token = await this.settings.appToken();
    if (typeof token !== 'string') return { delivered: false, retryable: token.retryable, error: token.error };
    let response: Response;
    try {
      response = await fetch(`${this.settings.baseUrl}/users/${encodeURIComponent(this.settings.mailbox)}/sendMail`, {
        method: 'POST',
        // The message in MIME format, base64-encoded, as text/plain; Graph saves it to Sent Items as it does by
        // default, so officers can see in the mailbox what residents were sent
        // (https://learn.microsoft.com/en-us/graph/outlook-send-mime-message,
        // https://learn.microsoft.com/en-us/graph/api/user-sendmail#example-4-send-a-new-message-using-mime-format).
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
        body: Buffer.from(mime, 'utf8').toString('base64'),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        delivered: false,
        retryable: true,
        error: timedOut ? `Graph did not answer within ${this.settings.timeoutMs} ms` : 'Graph did not answer',
      };
    }
    // Accepted for delivery: Graph gives the message no id, so the outbox entry's own id stands for it.
    if (response.status === 202) return { delivered: true, activityId: message.id };
    return graphFailure(response, await response.text().catch(() => ''));
  }
}

/**
 * Throttled (429), a fault at Graph (5xx) or a token that expired on the way (401): tried again later, no
 * sooner than Retry-After. A permission not granted or a mailbox the app may not send from (403), an unknown
 * mailbox (404) or a message refused (400) stays so until an officer acts, and shows as not delivered.
 */
function graphFailure(response: Response, text: string): Delivery {
  const code = /"code"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  const error = `Graph ${response.status}${code ? ` ${code}` : ''}${response.status === 403 ? ' (is Mail.Send granted for this mailbox?)' : ''}`;
  const retryable = response.status === 429 || response.status === 401 || response.status >= 500;
  const wait = retryable ? retryAfterMs(response.headers.get('retry-after')) : undefined;
  return { delivered: false, retryable, error, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}
