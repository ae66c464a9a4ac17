import type { SurgerySummary } from '../../api-types';
import { AdaptiveCard, card, escapeMarkdown, heading, paragraph, submit } from './card-parts';
import { surgeryTimes } from './check-in-card';

/** When more than one surgery is open, the resident picks theirs. */
export function chooseSurgeryCard(surgeries: SurgerySummary[]): AdaptiveCard {
  return card(
    [heading('Which surgery are you here for?'), ...surgeries.map((s) => paragraph(`**${escapeMarkdown(s.ward)}**: ${surgeryTimes(s)}`))],
    surgeries.map((s) => submit(s.ward, { action: 'choose_surgery', surgeryId: s.id })),
  );
}
