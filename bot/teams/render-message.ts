import { Activity, ActivityTypes, CardFactory, TextFormatTypes } from 'botbuilder';
import { ResidentMessage } from '../services/resident-messages';
import { calledCard } from './cards/called-card';
import { checkInCard, surgeryTimes } from './cards/check-in-card';
import { chooseSurgeryCard } from './cards/choose-surgery-card';
import { AdaptiveCard } from './cards/card-parts';
import { placeCard, placeClosedCard } from './cards/place-card';

/** The Adaptive Card for a message, or undefined for messages that are plain text. */
export function cardFor(message: ResidentMessage): AdaptiveCard | undefined {
  switch (message.kind) {
    case 'check_in_form':
      return checkInCard(message);
    case 'choose_surgery':
      return chooseSurgeryCard(message.surgeries);
    case 'place':
      return placeCard(message.place);
    case 'place_closed':
      return placeClosedCard(message.lobbyTag, message.reason);
    case 'called':
      return calledCard(message);
    default:
      return undefined;
  }
}

/** The words of a plain-text message, and the summary shown in notifications for a card. */
export function textFor(message: ResidentMessage): string {
  switch (message.kind) {
    case 'check_in_form':
      return `Check in for the ${message.surgery.ward} surgery`;
    case 'choose_surgery':
      return 'Which surgery are you here for?';
    case 'place':
      return `You are number ${message.place.position} in the queue.`;
    case 'place_closed':
      return 'You are no longer waiting.';
    case 'called':
      return `It is your turn next. Join the meeting now as "${message.lobbyTag}".`;
    case 'no_surgery_open':
      return message.next
        ? `There is no surgery open right now. The next one is the ${message.next.ward} surgery on ${surgeryTimes(message.next)}. Message me then to join the queue.`
        : 'There is no surgery open right now, and none is planned yet. Please check the council website for dates.';
    case 'not_reached':
      return `Sorry, the ${message.ward} surgery has ended before we could reach you (${message.lobbyTag}). You can come to the next surgery, or email your councillor: the council website lists both.`;
    case 'left':
      return `You have left the queue. Thank you for letting us know. Message me at any time to check in again.`;
    case 'with_councillor':
      return 'You are with a councillor now.';
    case 'ask_privately':
      return 'To join the queue, please send me a private message. Others can read this chat, so I will not ask for your details here.';
    case 'not_in_queue':
      return 'You are not in a queue at the moment. Send me any message to check in.';
    case 'help':
      return 'I can check you in to your councillor\'s online surgery and tell you your place in the queue. Send me any message to start. Type "leave" to leave the queue.';
    case 'refused':
      return message.message;
  }
}

export function renderMessage(message: ResidentMessage): Partial<Activity> {
  const card = cardFor(message);
  const text = textFor(message);
  if (card) return { type: ActivityTypes.Message, summary: text, attachments: [CardFactory.adaptiveCard(card)] };
  // Plain text, so names and issues residents typed are never read as Markdown.
  return { type: ActivityTypes.Message, text, textFormat: TextFormatTypes.Plain };
}

