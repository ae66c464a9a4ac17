/**
 * How a resident's place in the queue is put into words.
 *
 * A status page is read when the resident looks, so it gives the place exactly. A chat card is kept up to date
 * by sending it again, and Teams lets an app send about 50 messages a second across a council's tenant
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit). If every card gave the exact
 * place, each admit would change every waiting resident's card, and with 200 waiting the last of them would
 * arrive seconds after the admit, behind news that matters more. So the card gives the exact place to the first
 * EXACT_PLACES residents, whose turn is near, and further back how many people at least are ahead, in tens.
 * That stays true as the queue moves up (and when someone joins behind), so a card far back changes only each
 * time ten more people have gone ahead of it, or its estimate moved.
 */
export const EXACT_PLACES = 10;
const PLACES_PER_STEP = 10;

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The place exactly: "1st: you are next", "2nd", "57th". */
export function exactPlace(position: number): string {
  return position === 1 ? '1st: you are next' : ordinal(position);
}

/** People at least ahead of a resident at `position`, as a chat card says it; undefined where the card gives the exact place. */
export function peopleAheadAtLeast(position: number): number | undefined {
  if (position <= EXACT_PLACES) return undefined;
  return Math.floor((position - 1) / PLACES_PER_STEP) * PLACES_PER_STEP;
}

/** "At least 40 people are ahead of you": the card's words for a place further back, and its preview's. */
export function aheadAtLeastWords(ahead: number): string {
  return `At least ${ahead} people are ahead of you`;
}

/** The place as a chat card gives it: exactly near the front ("3rd"), further back "At least 40 people are ahead of you". */
export function cardPlace(position: number): string {
  const ahead = peopleAheadAtLeast(position);
  return ahead === undefined ? exactPlace(position) : aheadAtLeastWords(ahead);
}
