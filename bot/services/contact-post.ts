import type { MessageKind } from '../domain/model';

/** A resident's email address or UK mobile number (stored as +447…), as check-in and booking record it. */
export interface ContactAddress {
  kind: 'email' | 'mobile';
  value: string;
}

/**
 * An email or text message to a resident, for those who gave a contact instead of (or as well as) a chat.
 * Producers write plain words; the delivery route (GOV.UK Notify, or a local folder in local mode) decides
 * how they travel.
 */
export interface ContactMessage {
  /** Idempotency key: posting the same id again never sends a second message. */
  id: string;
  to: ContactAddress;
  /** The resident's name, for an email's To line where the route writes one. */
  toName?: string;
  surgeryId: string;
  /** When set with `record`, the visit records whether this message reached the resident. */
  visitId?: string;
  record?: MessageKind;
  /** The email's subject; texts leave it out. */
  subject: string;
  /** Plain text; paragraphs separated by blank lines, links written out in full. Keep texts short. */
  body: string;
  /** An iCalendar file to go with an email: attached where the route can, otherwise the body links to it. */
  calendar?: { filename: string; content: string };
}
