import { AdaptiveCard, card, escapeMarkdown, heading, openUrl, paragraph, submit } from './card-parts';
import type { ResidentMessage } from '../../domain/messages';

/** The message to a resident who did not join when called; its button names their visit. */
export type NoShowCardModel = Omit<Extract<ResidentMessage, { kind: 'no_show' }>, 'kind'>;

/** After "No-show": no blame, one tap to be seen next if they are there after all, and where to come another time. */
export function noShowCard(model: NoShowCardModel): AdaptiveCard {
  return card(
    [
      heading('We could not see you in the meeting'),
      paragraph(
        `Sorry, when it was your turn at the ${escapeMarkdown(model.ward)} surgery we could not see you in the meeting, so the councillor moved on to the next resident.`,
      ),
      paragraph(`If you are still there, press "I'm here" within ${model.backWithinMinutes} minutes and you will be next in the queue.`),
      paragraph(`Your lobby tag is ${escapeMarkdown(model.lobbyTag)}.`, { isSubtle: true }),
      paragraph('If now is not a good time, you can book or come to another surgery.'),
    ],
    [
      submit("I'm here", { action: 'im_here', surgeryId: model.surgeryId, visitId: model.visitId }, 'positive'),
      openUrl('Book another time', model.nextUrl),
    ],
  );
}
