import { Random, seededRandom } from './random';

/**
 * `assumed`: surgeries drawn the way the wait model assumes (lognormal lengths, steady arrivals, councillors who
 * never stop). `other`: what it does not assume: gamma or two-peaked lengths, bursts of arrivals, residents who
 * leave while waiting, residents who join late when called, and councillors who take a break without saying so.
 */
export const FAMILIES = ['assumed', 'other'] as const;
export type Family = (typeof FAMILIES)[number];

/** What varies between simulated surgeries. */
export interface Scenario {
  seed: number;
  family: Family;
  /** Surgeries of one ward share its councillors' style, so its past consultations say something about the next. */
  ward: number;
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
  /** When they gave up waiting and left, never having been called. */
  leftAt?: number;
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
// Some wards' councillors are brisk and some thorough: each ward's lengths are scaled by this spread, and each
// evening's a little more.
const COUNCILLOR_STYLE_SIGMA = 0.25;
const EVENING_SIGMA = 0.1;
const WARDS = 30;

// The other family's surgeries.
const GAMMA_MEAN = 10;
const QUICK_MEAN = 6;
const INVOLVED_MEAN = 20;
const INVOLVED_RATE = 0.35;
const PEAK_SHAPE = 8;
const LEAVING_RATE = 0.12;
const LATE_JOIN_RATE = 0.15;
const BREAK_RATE = 0.5;
const MEAN_BURST = 2.5;

export const SIMULATED: Record<Family, string> = {
  assumed:
    `${SURGERY_MINUTES}-minute surgeries, 1–3 councillors, Poisson drop-ins at 3.5–7.5 an hour per councillor, ` +
    `consultations lognormal (median ${USUAL_MEDIAN} min, ${LONG_CASE_RATE * 100}% long cases median ${LONG_MEDIAN} min, ` +
    `scaled per surgery), ${NO_SHOW_RATE * 100}% no-shows, 0–3 booked slots.`,
  other:
    `the same surgeries, but consultations gamma (mean ${GAMMA_MEAN} min, shape 1.5–3) or two-peaked ` +
    `(${(1 - INVOLVED_RATE) * 100}% about ${QUICK_MEAN} min, ${INVOLVED_RATE * 100}% about ${INVOLVED_MEAN} min); drop-ins in bursts of 1–4; ` +
    `${LEAVING_RATE * 100}% of drop-ins leave after 10–40 min if not called; ${LATE_JOIN_RATE * 100}% of those called join 3–8 min late ` +
    `(a no-show when the councillor has given up); each councillor takes an unannounced 5–15 min break with chance ${BREAK_RATE * 100}%.`,
};

/** The ward's earlier surgeries, most recent first: the same ward and family, other evenings. */
export function pastSurgeries(scenario: Scenario, count: number): SimulatedSurgery[] {
  return Array.from({ length: count }, (_, i) => simulateSurgery({ ...scenario, seed: scenario.seed + 100_000 * (i + 1) }));
}

/** A mix of surgeries: one to three councillors, quiet to overrun, with and without booked slots. */
export function scenarios(count: number, firstSeed = 1, family: Family = 'assumed'): Scenario[] {
  return Array.from({ length: count }, (_, index) => {
    const seed = firstSeed + index;
    const random = seededRandom(seed * 7919);
    const councillors = 1 + (index % 3);
    return {
      seed,
      family,
      ward: 1 + (seed % WARDS),
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
  /** Minutes after checking in that a drop-in leaves if not called by then. */
  leavesAfter?: number;
}

type Lengths = (random: Random) => number;

/** How long this surgery's consultations take: the style of its councillors and, in the other family, its shape. */
function lengthsOf(random: Random, family: Family, ward: number): Lengths {
  const style = seededRandom(ward * 104_729).lognormal(1, COUNCILLOR_STYLE_SIGMA) * random.lognormal(1, EVENING_SIGMA);
  if (family === 'assumed') {
    return (r) => r.lognormal((r.chance(LONG_CASE_RATE) ? LONG_MEDIAN : USUAL_MEDIAN) * style, LENGTH_SIGMA);
  }
  if (random.chance(0.5)) {
    const shape = random.between(1.5, 3);
    return (r) => r.gamma(GAMMA_MEAN * style, shape);
  }
  return (r) => r.gamma((r.chance(INVOLVED_RATE) ? INVOLVED_MEAN : QUICK_MEAN) * style, PEAK_SHAPE);
}

function storyOf(random: Random, family: Family, lengths: Lengths): Story {
  const consultation = lengths(random);
  if (family === 'assumed') {
    return { noShow: random.chance(NO_SHOW_RATE), joinDelay: random.between(0.3, 2.5), consultation, patience: random.between(3, 5) };
  }
  const late = random.chance(LATE_JOIN_RATE);
  const joinDelay = late ? random.between(3, 8) : random.between(0.3, 2.5);
  const patience = random.between(4, 8);
  return {
    noShow: random.chance(NO_SHOW_RATE) || joinDelay > patience,
    joinDelay,
    consultation,
    patience,
    ...(random.chance(LEAVING_RATE) ? { leavesAfter: random.between(10, 40) } : {}),
  };
}

interface Arrival {
  checkInAt: number;
  slotAt?: number;
  missing: boolean;
}

function dropIns(random: Random, scenario: Scenario): Arrival[] {
  const people: Arrival[] = [];
  const bursts = scenario.family === 'other';
  const rate = scenario.arrivalsPerHour / 60 / (bursts ? MEAN_BURST : 1);
  for (let at = random.exponential(rate); at < LAST_DROP_IN; at += random.exponential(rate)) {
    const size = bursts ? 1 + Math.floor(random.between(0, 4)) : 1;
    for (let i = 0; i < size; i += 1)
      people.push({ checkInAt: Math.min(at + random.between(0, 3) * Math.sign(i), LAST_DROP_IN), missing: false });
  }
  return people;
}

function arrivals(random: Random, scenario: Scenario): Arrival[] {
  const people = dropIns(random, scenario);
  const grid = Array.from({ length: 6 }, (_, i) => 15 + 15 * i);
  for (let i = 0; i < scenario.bookedSlots; i += 1) {
    const slotAt = grid.splice(Math.floor(random.next() * grid.length), 1)[0]!;
    people.push({ checkInAt: slotAt - random.between(0, 10), slotAt, missing: random.chance(BOOKING_NO_SHOW_RATE) });
  }
  return people.sort((a, b) => a.checkInAt - b.checkInAt);
}

/** In the other family, about half the councillors stop calling for a while, somewhere in the middle of the surgery. */
function breaksOf(random: Random, scenario: Scenario): { from: number; to: number }[] {
  if (scenario.family === 'assumed' || !random.chance(BREAK_RATE)) return [];
  const from = random.between(30, 80);
  return [{ from, to: from + random.between(5, 15) }];
}

const onBreak = (breaks: { from: number; to: number }[], now: number): boolean => breaks.some((b) => b.from <= now && now < b.to);

/**
 * Runs one surgery: councillors call the next resident the moment they are free (a booked resident whose
 * slot has come first, then drop-ins in ticket order); a called resident joins after a moment or, now and
 * then, never, and the councillor gives up after a few minutes. Nobody is called after the end.
 */
export function simulateSurgery(scenario: Scenario): SimulatedSurgery {
  const random = seededRandom(scenario.seed + (scenario.family === 'other' ? 1_000_003 : 0));
  const lengths = lengthsOf(random, scenario.family, scenario.ward);
  const councillors = Array.from({ length: scenario.councillors }, (_, i) => `Councillor ${i + 1}`);
  const breaks = councillors.map(() => breaksOf(random, scenario));
  const people = arrivals(random, scenario);
  const bookings: SimulatedSurgery['bookings'] = [];
  const residents: SimulatedResident[] = [];
  const stories = new Map<string, Story>();
  people.forEach((person, index) => {
    const id = `s${scenario.seed}-r${index + 1}`;
    const story = storyOf(random, scenario.family, lengths);
    stories.set(id, story);
    if (person.slotAt !== undefined) bookings.push({ visitId: id, slotAt: person.slotAt });
    if (person.missing) return;
    const leftAt = person.slotAt === undefined && story.leavesAfter !== undefined ? person.checkInAt + story.leavesAfter : undefined;
    residents.push({
      id,
      name: `Resident ${index + 1}`,
      ticket: residents.length + 1,
      checkInAt: person.checkInAt,
      ...(person.slotAt !== undefined ? { slotAt: person.slotAt } : {}),
      ...(leftAt !== undefined && leftAt < SURGERY_MINUTES ? { leftAt } : {}),
    });
  });

  const freeAt = councillors.map(() => 0);
  let now = 0;
  while (now < SURGERY_MINUTES) {
    for (const [index, name] of councillors.entries()) {
      if (freeAt[index]! > now || onBreak(breaks[index]!, now)) continue;
      const next = nextToCall(residents, now);
      if (!next) break;
      const story = stories.get(next.id)!;
      delete next.leftAt;
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
      ...residents.filter((r) => r.calledAt === undefined).flatMap((r) => [r.checkInAt, r.slotAt ?? r.checkInAt, r.leftAt ?? r.checkInAt]),
      ...breaks.flat().map((b) => b.to),
      ...freeAt,
    ].filter((t) => t > now);
    if (upcoming.length === 0) break;
    now = Math.min(...upcoming);
  }
  return { scenario, lengthMinutes: SURGERY_MINUTES, councillors, residents, bookings };
}

function nextToCall(residents: SimulatedResident[], now: number): SimulatedResident | undefined {
  const ready = residents.filter((r) => r.calledAt === undefined && r.checkInAt <= now && !(r.leftAt !== undefined && r.leftAt <= now));
  const due = ready.filter((r) => r.slotAt !== undefined && r.slotAt <= now).sort((a, b) => a.slotAt! - b.slotAt!);
  return due[0] ?? ready.find((r) => r.slotAt === undefined);
}
