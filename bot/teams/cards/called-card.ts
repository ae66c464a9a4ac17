import type { DialIn } from '../../domain/joining-advice';
import { AdaptiveCard, card, escapeMarkdown, heading, openUrl, paragraph } from './card-parts';
import { joiningParts } from './joining-parts';

export interface CalledCardModel {
  lobbyTag: string;
  joinUrl: string;
  dialIn?: DialIn;
  ward: string;
  admitWithinMinutes: number;
  statusUrl?: string;
}

/** Sent as a new message, so the resident's phone or browser alerts them. */
export function calledCard(model: CalledCardModel): AdaptiveCard {
  return card(
    [
      heading('It is your turn next'),
      paragraph(
        `Please join the ${escapeMarkdown(model.ward)} surgery meeting now and wait in the lobby. A councillor will let you in within about ${model.admitWithinMinutes} minutes.`,
      ),
      paragraph('When Teams asks for your name, type:'),
      paragraph(escapeMarkdown(model.lobbyTag), { size: 'ExtraLarge', weight: 'Bolder' }),
      paragraph('This is how the councillor will know it is you.', { isSubtle: true }),
      ...joiningParts(model.dialIn),
    ],
    [openUrl('Join the meeting', model.joinUrl), ...(model.statusUrl ? [openUrl('See your place in a browser', model.statusUrl)] : [])],
  );
}
