import { Random, seededRandom } from './random';

/** What varies between simulated surgeries. */
export interface Scenario {
  seed: number;
  councillors: number;
  /** Drop-in residents checking in per hour, on average (a Poisson process). */
  arrivalsPerHour: number;
  bookedSlots: number;
}

/** One resident's whole story in a simulated surgery. Times are minutes from the start of the surgery. */
export interface SimulatedResident {
  id: string;
  name: string;
  ticket: number;
  checkInAt: number;
  slotAt?: number;
  calledAt?: number;
  calledBy?: string;
  joinedAt?: number;
  finishedAt?: number;
  outcome?: 'seen' | 'no_show';
}

export interface SimulatedSurgery {
  scenario: Scenario;
  lengthMinutes: number;
  councillors: string[];
  /** Everyone who checked in, in ticket order. */
  residents: SimulatedResident[];
  /** Every booked slot, including those whose resident never checked in. */
  bookings: { visitId: string; slotAt: number }[];
}

export const SURGERY_MINUTES = 120;
// Nobody drops in during the last ten minutes: the resident page says the queue closes then.
const LAST_DROP_IN = SURGERY_MINUTES - 10;
const NO_SHOW_RATE = 0.08;
const BOOKING_NO_SHOW_RATE = 0.1;
// Most consultations are short; one in ten is a long, complicated case.
const LONG_CASE_RATE = 0.1;
const USUAL_MEDIAN = 8;
const LONG_MEDIAN = 22;
const LENGTH_SIGMA = 0.5;
// Some councillors are brisk and some thorough: each surgery's lengths are scaled by this spread.
const COUNCILLOR_STYLE_SIGMA = 0.25;

export const SIMULATED =
  `Each: ${SURGERY_MINUTES}-minute surgery, 1–3 councillors, Poisson drop-ins at 3.5–7.5 an hour per councillor, ` +
  `consultations lognormal (median ${USUAL_MEDIAN} min, ${LONG_CASE_RATE * 100}% long cases median ${LONG_MEDIAN} min, ` +
  `scaled per surgery), ${NO_SHOW_RATE * 100}% no-shows, 0–3 booked slots.`;

/** A mix of surgeries: one to three councillors, quiet to overrun, with and without booked slots. */
export function scenarios(count: number, firstSeed = 1): Scenario[] {
  return Array.from({ length: count }, (_, index) => {
    const seed = firstSeed + index;
    const random = seededRandom(seed * 7919);
    const councillors = 1 + (index % 3);
    return {
      seed,
      councillors,
      arrivalsPerHour: councillors * random.between(3.5, 7.5),
      bookedSlots: Math.floor(random.between(0, 4)),
    };
  });
}

interface Story {
  noShow: boolean;
  joinDelay: number;
  consultation: number;
  patience: number;
}

function storyOf(random: Random, style: number): Story {
  const long = random.chance(LONG_CASE_RATE);
  return {
    noShow: random.chance(NO_SHOW_RATE),
    joinDelay: random.between(0.3, 2.5),
    consultation: random.lognormal((long ? LONG_MEDIAN : USUAL_MEDIAN) * style, LENGTH_SIGMA),
    patience: random.between(3, 5),
  };
}

function arrivals(random: Random, scenario: Scenario): { checkInAt: number; slotAt?: number; missing: boolean }[] {
  const people: { checkInAt: number; slotAt?: number; missing: boolean }[] = [];
  for (
    let at = random.exponential(scenario.arrivalsPerHour / 60);
    at < LAST_DROP_IN;
    at += random.exponential(scenario.arrivalsPerHour / 60)
  ) {
    people.push({ checkInAt: at, missing: false });
  }
  const grid = Array.from({ length: 6 }, (_, i) => 15 + 15 * i);
  for (let i = 0; i < scenario.bookedSlots; i += 1) {
    const slotAt = grid.splice(Math.floor(random.next() * grid.length), 1)[0]!;
    people.push({ checkInAt: slotAt - random.between(0, 10), slotAt, missing: random.chance(BOOKING_NO_SHOW_RATE) });
  }
  return people.sort((a, b) => a.checkInAt - b.checkInAt);
}

/**
 * Runs one surgery: councillors call the next resident the moment they are free (a booked resident whose
 * slot has come first, then drop-ins in ticket order); a called resident joins after a moment or, now and
 * then, never, and the councillor gives up after a few minutes. Nobody is called after the end.
 */
export function simulateSurgery(scenario: Scenario): SimulatedSurgery {
  const random = seededRandom(scenario.seed);
  const style = random.lognormal(1, COUNCILLOR_STYLE_SIGMA);
  const councillors = Array.from({ length: scenario.councillors }, (_, i) => `Councillor ${i + 1}`);
  const people = arrivals(random, scenario);
  const bookings: SimulatedSurgery['bookings'] = [];
  const residents: SimulatedResident[] = [];
  const stories = new Map<string, Story>();
  people.forEach((person, index) => {
    const id = `s${scenario.seed}-r${index + 1}`;
    stories.set(id, storyOf(random, style));
    if (person.slotAt !== undefined) bookings.push({ visitId: id, slotAt: person.slotAt });
    if (person.missing) return;
    residents.push({
      id,
      name: `Resident ${index + 1}`,
      ticket: residents.length + 1,
      checkInAt: person.checkInAt,
      ...(person.slotAt !== undefined ? { slotAt: person.slotAt } : {}),
    });
  });

  const freeAt = councillors.map(() => 0);
  let now = 0;
  while (now < SURGERY_MINUTES) {
    for (const [index, name] of councillors.entries()) {
      if (freeAt[index]! > now) continue;
      const next = nextToCall(residents, now);
      if (!next) break;
      const story = stories.get(next.id)!;
      next.calledAt = now;
      next.calledBy = name;
      if (story.noShow) {
        next.finishedAt = now + story.patience;
        next.outcome = 'no_show';
      } else {
        next.joinedAt = now + story.joinDelay;
        next.finishedAt = next.joinedAt + story.consultation;
        next.outcome = 'seen';
      }
      freeAt[index] = next.finishedAt;
    }
    const upcoming = [
      ...residents.filter((r) => r.calledAt === undefined).flatMap((r) => [r.checkInAt, r.slotAt ?? r.checkInAt]),
      ...freeAt,
    ].filter((t) => t > now);
    if (upcoming.length === 0) break;
    now = Math.min(...upcoming);
  }
  return { scenario, lengthMinutes: SURGERY_MINUTES, councillors, residents, bookings };
}

function nextToCall(residents: SimulatedResident[], now: number): SimulatedResident | undefined {
  const ready = residents.filter((r) => r.calledAt === undefined && r.checkInAt <= now);
  const due = ready.filter((r) => r.slotAt !== undefined && r.slotAt <= now).sort((a, b) => a.slotAt! - b.slotAt!);
  return due[0] ?? ready.find((r) => r.slotAt === undefined);
}
