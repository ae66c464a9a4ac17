import { FieldProblem, Parsed, Refusal, refuse } from './refusal';
import { cleanLine } from './text';
import { formatDay, formatTime } from './time-format';
import { DEFAULT_SLOT_MINUTES, SLOT_MINUTES_RANGE, SURGERY_MODES } from './slots';
import type { DialIn } from './joining-advice';
import type { Organiser, Surgery, SurgeryPlan } from './model';
import type { SurgeryMode } from './slots';

export const DEFAULT_LENGTH_MINUTES = 120;
const MAX_LENGTH_HOURS = 12;

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function isTeamsJoinUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' &&
      (url.hostname === 'teams.microsoft.com' || url.hostname.endsWith('.teams.microsoft.com') || url.hostname === 'teams.live.com')
    );
  } catch {
    return false;
  }
}

/**
 * Checks a councillor's surgery set-up. Start defaults to now, end to two hours after the start. When its
 * meeting is still to be made, no join link is asked for: the plan's is empty until the meeting exists.
 */
export function parseSurgeryPlan(input: Record<string, unknown>, now: Date, meetingToBeMade = false): Parsed<SurgeryPlan> {
  const problems: FieldProblem[] = [];
  const ward = cleanLine(input.ward);
  if (ward === '' || ward.length > 80) problems.push({ field: 'ward', message: 'Enter the ward name (up to 80 characters).' });

  const startsAt = input.startsAt === undefined || input.startsAt === '' ? now : parseTime(input.startsAt);
  if (!startsAt) problems.push({ field: 'startsAt', message: 'Enter the start as a date and time.' });
  const endsAt =
    input.endsAt === undefined || input.endsAt === ''
      ? startsAt && new Date(startsAt.getTime() + DEFAULT_LENGTH_MINUTES * 60_000)
      : parseTime(input.endsAt);
  if (!endsAt) problems.push({ field: 'endsAt', message: 'Enter the end as a date and time.' });
  if (startsAt && endsAt) {
    const hours = (endsAt.getTime() - startsAt.getTime()) / 3_600_000;
    if (hours <= 0) problems.push({ field: 'endsAt', message: 'The end must be after the start.' });
    else if (hours > MAX_LENGTH_HOURS) problems.push({ field: 'endsAt', message: `A surgery can last at most ${MAX_LENGTH_HOURS} hours.` });
  }

  const joinUrl = meetingToBeMade ? '' : cleanLine(input.joinUrl);
  if (!meetingToBeMade && (!isTeamsJoinUrl(joinUrl) || joinUrl.length > 2000)) {
    problems.push({ field: 'joinUrl', message: 'Paste the Teams meeting join link (it starts https://teams.microsoft.com/).' });
  }

  const dialIn = parseDialIn(input, problems);

  const rawCouncillors = Array.isArray(input.councillors)
    ? input.councillors
    : typeof input.councillors === 'string'
      ? input.councillors.split(',')
      : [];
  const councillors = rawCouncillors.map(cleanLine).filter((name) => name !== '');
  if (councillors.length === 0 || councillors.length > 10 || councillors.some((name) => name.length > 80)) {
    problems.push({ field: 'councillors', message: 'Enter between one and ten councillor names.' });
  }

  const named = input.meetingId !== undefined && input.meetingId !== '';
  const meetingId = named ? parseMeetingId(input.meetingId) : undefined;
  if (named && !meetingId) problems.push({ field: 'meetingId', message: 'That is not a Teams meeting id.' });

  const councillorAccounts = parseAccounts(input.councillorAccounts);
  if (!councillorAccounts) {
    problems.push({ field: 'councillorAccounts', message: 'Enter up to ten work email addresses, separated by commas.' });
  }

  const organiser = parseOrganiser(input.organiser);
  const openWhenMeetingStarts = input.openWhenMeetingStarts === true;
  const booking = parseBookingSettings(input, problems);

  if (problems.length > 0 || !startsAt || !endsAt || meetingId === null || !councillorAccounts) return { ok: false, problems };
  const slotCount = booking.mode === 'drop_in' ? 0 : Math.floor((endsAt.getTime() - startsAt.getTime()) / (booking.slotMinutes * 60_000));
  if (booking.mode !== 'drop_in' && slotCount < 1)
    return { ok: false, problems: [{ field: 'slotMinutes', message: 'The surgery is shorter than one slot.' }] };
  if (booking.mode === 'both' && booking.freeSlots >= slotCount) {
    return { ok: false, problems: [{ field: 'freeSlots', message: `Keep fewer than ${slotCount} slots free, or choose drop-in only.` }] };
  }
  return {
    ok: true,
    value: {
      ward,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      joinUrl,
      ...(dialIn ? { dialIn } : {}),
      councillors,
      ...(meetingId ? { meetingId } : {}),
      ...(openWhenMeetingStarts ? { openWhenMeetingStarts } : {}),
      ...(organiser ? { organiser } : {}),
      ...(councillorAccounts.length > 0 ? { councillorAccounts } : {}),
      ...(booking.mode === 'drop_in' ? {} : { mode: booking.mode, slotMinutes: booking.slotMinutes }),
      ...(booking.mode === 'both' ? { freeSlots: booking.freeSlots } : {}),
    },
  };
}

const DIAL_IN_NUMBER = /^\+?[0-9][0-9 ()-]{6,22}[0-9]$/;
const CONFERENCE_ID = /^[0-9][0-9 ]{4,18}[0-9]$/;

/** The meeting's phone number and conference ID, both or neither, as the meeting invitation gives them. */
export function parseDialIn(input: Record<string, unknown>, problems: FieldProblem[]): DialIn | undefined {
  const given = (value: unknown) => value !== undefined && value !== '';
  if (!given(input.dialInNumber) && !given(input.dialInConferenceId)) return undefined;
  const number = cleanLine(input.dialInNumber);
  const conferenceId = cleanLine(input.dialInConferenceId).replace(/#$/, '');
  const numberOk = DIAL_IN_NUMBER.test(number);
  const idOk = CONFERENCE_ID.test(conferenceId);
  if (!numberOk)
    problems.push({
      field: 'dialInNumber',
      message: 'Enter the meeting’s phone number as the invitation gives it, like +44 20 3443 1234.',
    });
  if (!idOk) problems.push({ field: 'dialInConferenceId', message: 'Enter the phone conference ID from the invitation, in numbers.' });
  return numberOk && idOk ? { number, conferenceId } : undefined;
}

/** Drop-in only unless the councillor chose bookings; slot length and free slots only matter then. */
function parseBookingSettings(
  input: Record<string, unknown>,
  problems: FieldProblem[],
): { mode: SurgeryMode; slotMinutes: number; freeSlots: number } {
  const rawMode = input.mode === undefined || input.mode === '' ? 'drop_in' : input.mode;
  const mode = SURGERY_MODES.find((m) => m === rawMode);
  if (!mode) problems.push({ field: 'mode', message: 'Choose drop-in only, bookings only, or both.' });
  const slotMinutes = wholeNumber(input.slotMinutes, DEFAULT_SLOT_MINUTES);
  if (mode !== 'drop_in' && (slotMinutes === undefined || slotMinutes < SLOT_MINUTES_RANGE.min || slotMinutes > SLOT_MINUTES_RANGE.max)) {
    problems.push({
      field: 'slotMinutes',
      message: `Slots must be between ${SLOT_MINUTES_RANGE.min} and ${SLOT_MINUTES_RANGE.max} minutes long.`,
    });
  }
  const freeSlots = wholeNumber(input.freeSlots, 0);
  if (mode === 'both' && (freeSlots === undefined || freeSlots < 0))
    problems.push({ field: 'freeSlots', message: 'Enter how many slots to keep free for drop-ins, as a whole number.' });
  return { mode: mode ?? 'drop_in', slotMinutes: slotMinutes ?? DEFAULT_SLOT_MINUTES, freeSlots: freeSlots ?? 0 };
}

function wholeNumber(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

// Teams meeting ids are base64 text (teams-js and the Bot Framework meeting API use the same one).
const MEETING_ID = /^[A-Za-z0-9+/=_-]{8,400}$/;

/** A meeting id, or undefined when the value is not one. */
export function parseMeetingId(value: unknown): string | undefined {
  return typeof value === 'string' && MEETING_ID.test(value) ? value : undefined;
}

const ACCOUNT = /^(?:[^\s@,]+@[^\s@,]+\.[^\s@,]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const MAX_ACCOUNTS = 10;

/** Work email addresses or object ids, lower case, without repeats; undefined when any is not one. */
function parseAccounts(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!raw || raw.some((item) => typeof item !== 'string')) return undefined;
  const accounts = [...new Set(raw.map((item) => cleanLine(item).toLowerCase()).filter((item) => item !== ''))];
  if (accounts.length > MAX_ACCOUNTS || accounts.some((account) => account.length > 254 || !ACCOUNT.test(account))) return undefined;
  return accounts;
}

// The organiser is never typed in: the server sets it from the signed-in caller before the plan is parsed.
function parseOrganiser(value: unknown): Organiser | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, tenantId } = value as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && typeof tenantId === 'string' && tenantId !== '' ? { id, tenantId } : undefined;
}

export function planSurgery(id: string, plan: SurgeryPlan, createdBy: string, now: Date): Surgery {
  return { id, ...plan, status: 'scheduled', ticketsIssued: 0, createdAt: now.toISOString(), createdBy };
}

/** Why a surgery that is over takes nothing more: it ended, or it was cancelled. */
export function overRefusal(surgery: Surgery): Refusal | undefined {
  if (surgery.cancelled) return refuse('SURGERY.CANCELLED', 'This surgery was cancelled.');
  if (surgery.status === 'ended') return refuse('SURGERY.ENDED', 'This surgery has ended.');
  return undefined;
}

/** How a surgery may be opened: from `earlyMinutes` before its start, or earlier once the councillor has confirmed it. */
export interface OpeningRule {
  earlyMinutes: number;
  confirmedEarly: boolean;
}

/**
 * Opens a surgery on its day: from `earlyMinutes` before its start. Earlier, the councillor is asked first, told
 * which day it is, since residents booked for it would otherwise be called days early, or not reached.
 */
export function openSurgery(surgery: Surgery, now: Date, rule?: OpeningRule): Surgery | Refusal {
  if (surgery.status === 'open') return refuse('SURGERY.ALREADY_OPEN', 'This surgery is already open.');
  const over = overRefusal(surgery);
  if (over) return over;
  const opensFrom = Date.parse(surgery.startsAt) - (rule?.earlyMinutes ?? 0) * 60_000;
  if (rule && !rule.confirmedEarly && now.getTime() < opensFrom) {
    const today = formatDay(surgery.startsAt) === formatDay(now);
    return refuse(
      'SURGERY.TOO_EARLY',
      today
        ? `This surgery starts at ${formatTime(surgery.startsAt)} today. Open it now?`
        : `This surgery is on ${formatDay(surgery.startsAt)}. Open it now?`,
    );
  }
  return { ...surgery, status: 'open', openedAt: now.toISOString() };
}

/** Whether a change alters how a surgery is listed: anything but its ticket count, which every check-in moves. */
export function listingChanged(before: Surgery, after: Surgery): boolean {
  const listed = (surgery: Surgery) => JSON.stringify({ ...surgery, ticketsIssued: 0, tabActions: undefined });
  return listed(before) !== listed(after);
}

/**
 * Whether a surgery is listed as current: scheduled or open, or cancelled, which residents' listings and
 * calendars keep showing as cancelled rather than dropping it, until retention forgets it.
 */
export function isCurrent(surgery: Surgery): boolean {
  return surgery.status !== 'ended' || surgery.cancelled !== undefined;
}

/** The UTC month (YYYY-MM) a surgery starts in: how the storage index files it. */
export function startMonth(surgery: Pick<Surgery, 'startsAt'>): string {
  return surgery.startsAt.slice(0, 7);
}

/** The month (YYYY-MM) before the one given. */
export function monthBefore(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/** The UTC months (YYYY-MM) of `newest` back to those of `oldest` (ISO times), newest first. */
export function monthsBack(newest: string, oldest: string): string[] {
  const months: string[] = [];
  for (let month = newest.slice(0, 7); month >= oldest.slice(0, 7); month = monthBefore(month)) months.push(month);
  return months;
}
