import type { SurgerySummary } from '../../api-types';
import { AdaptiveCard, card, escapeMarkdown, heading, paragraph, submit } from './card-parts';
import { surgeryTimes } from './check-in-card';
import { formatDay } from '../../domain/time-format';

/** When more than one surgery is open (or, to book, takes bookings), the resident picks theirs. */
export function chooseSurgeryCard(surgeries: SurgerySummary[], purpose?: 'book'): AdaptiveCard {
  const booking = purpose === 'book';
  return card(
    [
      heading(booking ? 'Which surgery would you like to book?' : 'Which surgery are you here for?'),
      ...surgeries.map((s) => paragraph(`**${escapeMarkdown(s.ward)}**: ${surgeryTimes(s)}`)),
    ],
    surgeries.map((s) =>
      submit(booking ? `${s.ward}, ${formatDay(s.startsAt)}` : s.ward, {
        action: booking ? 'choose_booking_surgery' : 'choose_surgery',
        surgeryId: s.id,
      }),
    ),
  );
}
