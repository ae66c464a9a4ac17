import type { Config } from '../config';
import type { PrivacyNotice } from '../domain/privacy-notice';
import type { WaitSettings } from '../domain/wait-model';
import { BookingConversation } from '../services/booking-conversation';
import type { BookingService } from '../services/booking-service';
import type { QueueService } from '../services/queue-service';
import { RememberedDetails } from '../services/remembered-details';
import { ResidentConversation } from '../services/resident-conversation';
import { surgeriesPageUrl } from '../services/surgeries-page';
import { TurnSends } from '../services/turn-sends';
import type { Basics } from './basics';

interface ConversationNeeds {
  publicBaseUrl: string;
  privacy: PrivacyNotice;
  queue: QueueService;
  bookings: BookingService;
  wait: WaitSettings;
  /** The address of a visit's status page, from its token. */
  statusUrl(token: string): string;
  /** Asks the outbox to look for messages now rather than at its next poll. */
  sendSoon(): void;
  /** How long one send to a chat may take: a card kept as shown waits that long at most for its turn to send it. */
  sendTimeoutMs: number;
}

// Past the send's time limit, the moment its abort takes to be heard.
const TURN_HOLD_GRACE_MS = 1000;

/**
 * What residents say to the bot, whatever the channel: checking in, booking ahead and the name and postcode they
 * asked to have remembered, kept as long as their other details.
 */
export function conversationFeature(settings: Config['queue'], basics: Basics, needs: ConversationNeeds): ResidentConversation {
  const { clock, storage } = basics;
  const { publicBaseUrl, privacy } = needs;
  const remembered = new RememberedDetails({ chats: storage.chats, clock, retentionDays: privacy.retentionDays });
  return new ResidentConversation({
    queue: needs.queue,
    chats: storage.chats,
    wait: needs.wait,
    clock,
    calledAdmitMinutes: settings.calledAdmitMinutes,
    privacy,
    statusUrl: needs.statusUrl,
    datesUrl: surgeriesPageUrl(publicBaseUrl),
    booking: new BookingConversation({
      bookings: needs.bookings,
      clock,
      privacy,
      publicBaseUrl,
      remembered,
      tries: storage.referenceTries,
    }),
    remembered,
    outbox: storage.outbox,
    sendSoon: needs.sendSoon,
    turnSends: new TurnSends(clock, needs.sendTimeoutMs + TURN_HOLD_GRACE_MS),
  });
}
