import { AdaptiveCard, card, escapeMarkdown, facts, heading, openUrl, paragraph } from './card-parts';
import { slotTitle } from './booking-form-card';
import type { ResidentMessage } from '../../domain/messages';

/** What the card shows of a booking's confirmation: the message, without the ids the outbox keeps it by. */
export type BookingConfirmedCardModel = Omit<Extract<ResidentMessage, { kind: 'booking_confirmed' }>, 'kind' | 'surgeryId' | 'bookingId'>;

/** The booking is made: what to keep, and what to do on the day. */
export function bookingConfirmedCard(model: BookingConfirmedCardModel): AdaptiveCard {
  return card(
    [
      heading('Your time is booked'),
      facts([
        ['Reference', model.reference],
        ['Surgery', model.ward],
        ['When', slotTitle(model.slotStartsAt)],
      ]),
      ...(model.outsideWard ? [paragraph(escapeMarkdown(model.outsideWard), { isSubtle: true })] : []),
      paragraph(
        `We have sent these details to your ${model.sentTo === 'email' ? 'email' : 'mobile'}, and we will remind you the day before and an hour before.`,
      ),
      paragraph(
        `On the day, from the start of the surgery, send me your reference (${model.reference}) to check in, or use the link in your confirmation. Then join the meeting when we tell you.`,
      ),
      paragraph('To cancel or change your time, use "Change or cancel". You do not need an account.'),
    ],
    [openUrl('Add to calendar', model.calendarUrl), openUrl('Change or cancel', model.manageUrl), openUrl('Meeting link', model.joinUrl)],
  );
}
