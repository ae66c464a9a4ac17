import type { GraphAppToken } from '../server/auth/graph-app-token';
import { inviteMethod } from './booking-invite';
import type { ContactMessage } from './contact-post';
import type { ContactSender } from './contact-sender';
import type { Delivery } from './resident-messages';
import { retryAfterMs } from './retry-after';

export interface GraphInvitesSettings {
  /** https://graph.microsoft.com/v1.0, or a local stand-in in tests. */
  baseUrl: string;
  /** The council mailbox the invitations come from (INVITES_MAILBOX). */
  mailbox: string;
  appToken: GraphAppToken;
  timeoutMs: number;
  /** Carries every other message: texts, and emails with no invitation. */
  others: ContactSender;
}

/**
 * The message for POST /users/{mailbox}/sendMail (https://learn.microsoft.com/en-us/graph/api/user-sendmail):
 * - `message` (https://learn.microsoft.com/en-us/graph/api/resources/message): `subject`, `body` as an itemBody
 *   of contentType "text" (https://learn.microsoft.com/en-us/graph/api/resources/itembody), `toRecipients`
 *   as recipients (https://learn.microsoft.com/en-us/graph/api/resources/recipient);
 * - `attachments`: the invitation as a fileAttachment
 *   (https://learn.microsoft.com/en-us/graph/api/resources/fileattachment): `@odata.type`, `name`,
 *   `contentType` text/calendar with the iCalendar METHOD (RFC 6047, section 2.4), so mail clients treat it
 *   as an invitation or its cancellation, and `contentBytes` in base64;
 * - `saveToSentItems`, so officers can see in the mailbox what residents were sent.
 */
function sendMailBody(message: ContactMessage, calendar: NonNullable<ContactMessage['calendar']>): Record<string, unknown> {
  const method = inviteMethod(calendar.content);
  return {
    message: {
      subject: message.subject,
      body: { contentType: 'text', content: message.body },
      toRecipients: [{ emailAddress: { address: message.to.value } }],
      attachments: [
        {
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: calendar.filename,
          contentType: `text/calendar${method ? `; method=${method}` : ''}`,
          contentBytes: Buffer.from(calendar.content, 'utf8').toString('base64'),
        },
      ],
    },
    saveToSentItems: true,
  };
}

/**
 * Sends booked residents' invitations (every email that carries a calendar file) from the council's own
 * mailbox through Microsoft Graph, so their calendar offers to add, move or remove the appointment; texts
 * and every other email go on as before. Like every message it is sent by the outbox, which retries what
 * Graph throttled (429, with its Retry-After) or failed (5xx, no answer).
 */
export class GraphInvitesSender implements ContactSender {
  constructor(private readonly settings: GraphInvitesSettings) {}

  async send(message: ContactMessage): Promise<Delivery> {
    if (message.to.kind !== 'email' || !message.calendar) return this.settings.others.send(message);
    const token = await this.settings.appToken();
    if (typeof token !== 'string') return { delivered: false, retryable: token.retryable, error: token.error };
    let response: Response;
    try {
      response = await fetch(`${this.settings.baseUrl}/users/${encodeURIComponent(this.settings.mailbox)}/sendMail`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(sendMailBody(message, message.calendar)),
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
