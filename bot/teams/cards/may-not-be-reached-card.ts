import { formatTime } from '../../domain/time-format';
import type { MayNotBeReachedChoice } from '../../services/card-actions';
import { describeWindow } from '../../domain/wait-window';
import { AdaptiveCard, card, escapeMarkdown, heading, paragraph, submit } from './card-parts';

export interface MayNotBeReachedCardModel {
  visitId: string;
  ward: string;
  lobbyTag: string;
  surgeryEndsAt: string;
  estimate: { earliest: string; latest: string };
}

/** Sent as soon as the estimate is sure the surgery will probably end first: honest, with what the resident can do. */
export function mayNotBeReachedCard(model: MayNotBeReachedCardModel): AdaptiveCard {
  // The visit id lets a choice pressed after the visit changed be recognised as out of date.
  const data = (action: MayNotBeReachedChoice) => ({ action, visitId: model.visitId });
  return card(
    [
      heading('We will probably not reach you today'),
      paragraph(
        `The ${escapeMarkdown(model.ward)} surgery ends at ${formatTime(model.surgeryEndsAt)}. Our best estimate for your turn is ${describeWindow(model.estimate)}, so the councillors will probably not reach you before it ends.`,
      ),
      paragraph('We are telling you now so you can choose what to do:'),
      paragraph('**Keep waiting**: you keep your place, in case the queue moves faster.'),
      paragraph('**Book a slot at the next surgery**: choose a time at the next surgery, and keep your place today until you go.'),
      paragraph('**Leave my issue for the councillor**: you leave the queue and a councillor follows up your issue without you waiting.'),
      paragraph(`Your name for the meeting is ${escapeMarkdown(model.lobbyTag)}.`, { isSubtle: true }),
    ],
    [
      submit('Keep waiting', data('keep_waiting')),
      submit('Book a slot at the next surgery', data('next_surgery')),
      submit('Leave my issue for the councillor', data('leave_issue'), 'positive'),
    ],
  );
}
