import type { DialIn } from '../../domain/joining-advice';
import { AdaptiveCard, card, escapeMarkdown, heading, openUrl, paragraph } from './card-parts';
import { joiningParts } from './joining-parts';

export interface GettingCloseCardModel {
  lobbyTag: string;
  joinUrl: string;
  dialIn?: DialIn;
  ward: string;
  withinMinutes: number;
  statusUrl?: string;
}

/** A new message a few minutes before the resident's estimated turn, so their phone or browser alerts them. */
export function gettingCloseCard(model: GettingCloseCardModel): AdaptiveCard {
  return card(
    [
      heading('It is nearly your turn'),
      paragraph(
        `A councillor at the ${escapeMarkdown(model.ward)} surgery should call you in about ${model.withinMinutes} minutes. Please get ready and join the meeting soon.`,
      ),
      paragraph('When Teams asks for your name, type:'),
      paragraph(escapeMarkdown(model.lobbyTag), { size: 'ExtraLarge', weight: 'Bolder' }),
      paragraph('We will message you again when it is your turn.', { isSubtle: true }),
      ...joiningParts(model.dialIn),
    ],
    [openUrl('Join the meeting', model.joinUrl), ...(model.statusUrl ? [openUrl('See your place in a browser', model.statusUrl)] : [])],
  );
}
