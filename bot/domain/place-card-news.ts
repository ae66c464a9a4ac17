import { PlaceView } from './queue-view';
import { cardPlace } from './place-words';
import { describeWindow } from './wait-window';

/**
 * A move in the estimate smaller than this is not news: near the edge of a five-minute window, a drift of
 * seconds would otherwise flip the window shown back and forth and update the card each time.
 */
const LEAST_NEWS_MINUTES = 2;
/**
 * Where the card cannot be updated in place, news is a new card in the chat: an estimate moved by less than a
 * shown window's width is not worth one, so a phone's screen is not filled with cards that read the same.
 */
const LEAST_NEW_CARD_MINUTES = 5;

/**
 * What a place card shows (its words for the place, the window, whether we will reach them) and the estimate behind
 * it, to remember with the card. Far back the words for the place change only every ten places (place-words.ts).
 */
export function placeCardShows(place: PlaceView): string {
  return `${cardPlace(place.position)}|${describeWindow(place.estimate)}|${place.estimate.reach}|${place.estimate.admitAt}`;
}

/**
 * Whether a card that shows `shown` should be updated to `place`: when the words for the place or whether we will reach them
 * changed, or the window shown changed because the estimate moved by at least LEAST_NEWS_MINUTES (in place) or
 * LEAST_NEW_CARD_MINUTES (as a new card).
 */
export function placeCardNeedsUpdate(shown: string | undefined, place: PlaceView, inPlace = true): boolean {
  if (shown === undefined) return true;
  const [remembered, window, reach, admitAt] = shown.split('|');
  // Cards remembered before the place was kept in words kept the bare number.
  const position = remembered && /^\d+$/.test(remembered) ? cardPlace(Number(remembered)) : remembered;
  const [newPosition, newWindow, newReach] = placeCardShows(place).split('|');
  if (position !== newPosition || reach !== newReach) return true;
  if (window === newWindow) return false;
  const moved = admitAt ? Math.abs(Date.parse(place.estimate.admitAt) - Date.parse(admitAt)) : Infinity;
  return !(moved < (inPlace ? LEAST_NEWS_MINUTES : LEAST_NEW_CARD_MINUTES) * 60_000);
}
