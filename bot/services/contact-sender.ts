import type { ContactMessage } from '../domain/messages';
import type { Delivery } from './resident-messages';

/** Hands one email or text message to whatever carries it: GOV.UK Notify, or a local folder. */
export interface ContactSender {
  send(message: ContactMessage): Promise<Delivery>;
}
