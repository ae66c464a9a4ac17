import type { Reach } from '../../bot/api-types';
import { placeCardNeedsUpdate, placeCardShows } from '../../bot/domain/place-card-news';
import { PlaceView } from '../../bot/domain/queue-view';
import { shownWindow } from '../../bot/domain/wait-window';

/** "10:41" or "10:41:30" on the surgery's day. */
const at = (time: string) => `2025-03-01T${time.length === 5 ? `${time}:00` : time}.000Z`;

function aPlace(position: number, admitAt: string, reach: Reach = 'in_time'): PlaceView {
  const admit = Date.parse(at(admitAt));
  const shown = shownWindow({ earliest: new Date(admit - 4 * 60_000), latest: new Date(admit + 11 * 60_000) }, new Date(at('10:00')));
  return {
    visitId: 'visit-1',
    lobbyTag: 'Jane S · A7',
    ward: 'Riverside',
    position,
    estimate: {
      admitAt: new Date(admit).toISOString(),
      earliest: shown.earliest.toISOString(),
      latest: shown.latest.toISOString(),
      reach,
    },
    surgeryEndsAt: at('12:00'),
  };
}

describe("placeCardNeedsUpdate: a place card is updated only when the resident's news changed", () => {
  it.each<[string, PlaceView, PlaceView, boolean]>([
    ['nothing changed', aPlace(2, '10:41'), aPlace(2, '10:41'), false],
    ['the estimate moved a minute within the same window', aPlace(2, '10:41'), aPlace(2, '10:42'), false],
    ['the estimate moved 3 minutes but the window shown is the same', aPlace(2, '10:40'), aPlace(2, '10:43'), false],
    ['the estimate moved 30 seconds across a window edge', aPlace(2, '10:39'), aPlace(2, '10:39:30'), false],
    ['the estimate moved a minute across a window edge', aPlace(2, '10:39'), aPlace(2, '10:40'), false],
    ['the estimate moved 2 minutes across a window edge', aPlace(2, '10:39'), aPlace(2, '10:41'), true],
    ['the estimate moved 10 minutes', aPlace(2, '10:41'), aPlace(2, '10:51'), true],
    ['the resident moved up a place', aPlace(2, '10:41'), aPlace(1, '10:41'), true],
    ['it may now be close to the end', aPlace(2, '10:41'), aPlace(2, '10:41', 'close_to_end'), true],
    ['the surgery will now probably end first', aPlace(2, '10:41', 'close_to_end'), aPlace(2, '10:41', 'probably_not'), true],
    ['a resident far back moved up a place, still with at least 40 ahead', aPlace(47, '11:41'), aPlace(46, '11:41'), false],
    ['a resident far back now has fewer than 40 ahead', aPlace(41, '11:41'), aPlace(40, '11:41'), true],
    ['a resident moved into the first ten', aPlace(11, '11:41'), aPlace(10, '11:41'), true],
  ])('When %s, then the card is updated: %s', (_, shown, now, expected) => {
    expect(placeCardNeedsUpdate(placeCardShows(shown), now)).toBe(expected);
  });

  it('When no card was remembered, then it is updated', () => {
    expect(placeCardNeedsUpdate(undefined, aPlace(2, '10:41'))).toBe(true);
  });

  it('When the card was remembered with its bare place number, then it is updated only when its words for the place change', () => {
    const remembered = (position: number) => [String(position), ...placeCardShows(aPlace(position, '11:41')).split('|').slice(1)].join('|');

    expect(placeCardNeedsUpdate(remembered(47), aPlace(46, '11:41'))).toBe(false);
    expect(placeCardNeedsUpdate(remembered(41), aPlace(40, '11:41'))).toBe(true);
    expect(placeCardNeedsUpdate(remembered(3), aPlace(3, '11:41'))).toBe(false);
    expect(placeCardNeedsUpdate(remembered(3), aPlace(2, '11:41'))).toBe(true);
  });

  it('When the card was remembered before estimates were (place|window|flag only), then a changed window updates it', () => {
    const old = placeCardShows(aPlace(2, '10:41')).split('|').slice(0, 3).join('|');

    expect(placeCardNeedsUpdate(old, aPlace(2, '10:41'))).toBe(false);
    expect(placeCardNeedsUpdate(old, aPlace(2, '10:56'))).toBe(true);
  });
});

describe('placeCardNeedsUpdate in Web Chat: a new card is sent only for news a resident would notice', () => {
  it.each<[string, PlaceView, PlaceView, boolean]>([
    ['the estimate moved a minute across a window edge', aPlace(2, '10:39'), aPlace(2, '10:40'), false],
    ['the estimate moved 3 minutes across a window edge', aPlace(2, '10:39'), aPlace(2, '10:42'), false],
    ['the estimate moved 5 minutes', aPlace(2, '10:41'), aPlace(2, '10:46'), true],
    ['the estimate moved 10 minutes', aPlace(2, '10:41'), aPlace(2, '10:51'), true],
    ['the resident moved up a place', aPlace(2, '10:41'), aPlace(1, '10:41'), true],
    ['the surgery will now probably end first', aPlace(2, '10:41'), aPlace(2, '10:41', 'probably_not'), true],
  ])('When %s, then a new card goes: %s', (_, shown, now, expected) => {
    expect(placeCardNeedsUpdate(placeCardShows(shown), now, false)).toBe(expected);
  });
});
