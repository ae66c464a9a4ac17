import { PlaceView } from '../../domain/queue-view';
import { formatTime } from '../../domain/time-format';
import { describeWindow, reachNotice } from '../../domain/wait-window';
import { EXACT_PLACES, cardPlace, peopleAheadAtLeast } from '../../domain/place-words';
import { AdaptiveCard, card, escapeMarkdown, facts, heading, openUrl, paragraph, submit } from './card-parts';
import { joiningParts } from './joining-parts';

// A resident from another ward is welcome; they are told kindly where they may get more help.
function otherWard(postcodeWard: string, surgeryWard: string): string {
  const theirs = escapeMarkdown(postcodeWard);
  return `Your postcode is in ${theirs} ward. The councillors at the ${escapeMarkdown(surgeryWard)} surgery can still talk to you today. For help with something in ${theirs} ward, your own ward councillors may be able to do more.`;
}

/** The one "your place" card a resident keeps; it is updated in place as the queue moves. */
export function placeCard(place: PlaceView, statusUrl?: string): AdaptiveCard {
  const window = describeWindow(place.estimate);
  const notice = reachNotice(place.estimate.reach, place.surgeryEndsAt);
  const farBack = peopleAheadAtLeast(place.position) !== undefined;
  return card(
    [
      heading('You are in the queue'),
      facts([
        ['Your place', cardPlace(place.position)],
        ['Estimated time', `${window.charAt(0).toUpperCase()}${window.slice(1)}`],
        ['Your name for the meeting', escapeMarkdown(place.lobbyTag)],
      ]),
      ...(farBack
        ? [
            paragraph(
              `This card gives your exact place once you are among the first ${EXACT_PLACES}.${statusUrl ? ' "See your place in a browser" gives it now.' : ''}`,
            ),
          ]
        : []),
      ...(notice ? [paragraph(notice, { weight: 'Bolder', color: 'Attention' })] : []),
      ...(place.postcodeWard ? [paragraph(otherWard(place.postcodeWard, place.ward))] : []),
      paragraph(
        `We will message you here when it is your turn. Please keep this chat open. The ${escapeMarkdown(place.ward)} surgery ends at ${formatTime(place.surgeryEndsAt)}.`,
      ),
      ...joiningParts(place.dialIn),
    ],
    [
      // Names its visit: in Web Chat old cards keep their buttons, and one pressed later must not end a newer visit.
      submit('Leave the queue', { action: 'leave', visitId: place.visitId }, 'destructive'),
      ...(statusUrl ? [openUrl('See your place in a browser', statusUrl)] : []),
    ],
  );
}

const CLOSED: Record<'called' | 'left' | 'not_reached' | 'cancelled' | 'finished', string> = {
  called: 'You have been called. Please see the message below and join the meeting.',
  left: 'You left the queue.',
  not_reached: 'The surgery ended before we could reach you. Please see the message below.',
  cancelled: 'The councillors cancelled this surgery. Please see the message below.',
  finished: 'Your visit has finished. Thank you for coming.',
};

/** What the place card becomes once the resident is no longer waiting: no place, no Leave button. */
export function placeClosedCard(lobbyTag: string, reason: keyof typeof CLOSED): AdaptiveCard {
  return card([
    heading('You are no longer waiting'),
    paragraph(CLOSED[reason]),
    facts([['Your name for the meeting', escapeMarkdown(lobbyTag)]]),
  ]);
}
